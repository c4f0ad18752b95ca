/** @odoo-module **/
// After *Execute with data*: the sidecar answered with the new execution's id, but writes the
// record into Odoo on its own (once the run has gone on for a second, or at its end). This
// screen waits for that record, woken by the bus, then opens it on its graph.

import { Component, onMounted, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { EXECUTIONS_CHANGED } from "./execution_graph_widget";

const POLL_MS = 1000;
// Past this the run may simply not be saved (the workflow's saving settings): say so, keep waiting.
const PATIENCE_MS = 30000;

export class OpenExecutionAction extends Component {
    static template = "the_ai_automator.OpenExecutionAction";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        const params = this.props.action.params || {};
        this.executionId = params.execution_id;
        this.state = useState({ late: false });
        this.started = Date.now();
        this.done = false;
        this.look = () => this.lookUp();
        this.busService.subscribe(EXECUTIONS_CHANGED, this.look);
        onMounted(() => this.lookUp());
        onWillUnmount(() => {
            this.done = true;
            this.busService.unsubscribe(EXECUTIONS_CHANGED, this.look);
            clearTimeout(this.timer);
        });
    }

    get title() {
        return _t("Starting execution %s…", this.executionId);
    }

    async lookUp() {
        if (this.done) {
            return;
        }
        clearTimeout(this.timer);
        const ids = await this.orm.search("executions", [["execution_id", "=", this.executionId]], { limit: 1 });
        if (this.done) {
            return;
        }
        if (ids.length) {
            this.done = true;
            await this.actionService.doAction(
                {
                    type: "ir.actions.act_window",
                    res_model: "executions",
                    res_id: ids[0],
                    views: [[false, "form"]],
                    target: "current",
                },
                { stackPosition: "replaceCurrentAction" }
            );
            return;
        }
        this.state.late = Date.now() - this.started > PATIENCE_MS;
        this.timer = setTimeout(this.look, POLL_MS);
    }
}

registry.category("actions").add("the_ai_automator.open_execution", OpenExecutionAction);
