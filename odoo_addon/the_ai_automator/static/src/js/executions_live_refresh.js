/** @odoo-module **/
// Reloads open AI Automator lists and forms when the sidecar writes executions, so a run's
// status shows up without the user pressing F5. The server sends ids only (see executions.py).

import { onWillUnmount, useComponent } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { ListController } from "@web/views/list/list_controller";
import { FormController } from "@web/views/form/form_controller";

const NOTIFICATION = "the_ai_automator/executions_changed";
// The sidecar can write many executions per second: one reload per interval is enough.
const MIN_RELOAD_INTERVAL_MS = 1000;

function useExecutionsNotifications(isConcerned, reload) {
    const component = useComponent();
    const busService = useService("bus_service");
    let timer = null;
    let lastReload = 0;
    const run = async () => {
        timer = null;
        lastReload = Date.now();
        await reload.call(component);
    };
    const onNotification = (payload) => {
        if (!isConcerned.call(component, payload) || timer) {
            return;
        }
        const wait = Math.max(0, lastReload + MIN_RELOAD_INTERVAL_MS - Date.now());
        timer = setTimeout(run, wait);
    };
    busService.subscribe(NOTIFICATION, onNotification);
    onWillUnmount(() => {
        busService.unsubscribe(NOTIFICATION, onNotification);
        clearTimeout(timer);
    });
}

const LIST_MODELS = ["executions", "execution_logs", "canvas"];

patch(ListController.prototype, {
    setup() {
        super.setup(...arguments);
        if (LIST_MODELS.includes(this.props.resModel)) {
            useExecutionsNotifications(
                () => true,
                async function () {
                    if (!(await this.model.root.isDirty?.())) {
                        await this.model.load();
                    }
                }
            );
        }
    },
});

patch(FormController.prototype, {
    setup() {
        super.setup(...arguments);
        const resModel = this.props.resModel;
        if (resModel === "executions" || resModel === "canvas") {
            useExecutionsNotifications(
                function (payload) {
                    // A notification can come while the form is still loading its record.
                    const resId = this.model.root?.resId;
                    const ids = resModel === "executions" ? payload.ids : payload.canvas_ids;
                    return Boolean(resId) && (ids || []).includes(resId);
                },
                async function () {
                    const root = this.model.root;
                    if (root.resId && !(await root.isDirty())) {
                        await root.load();
                    }
                }
            );
        }
    },
});
