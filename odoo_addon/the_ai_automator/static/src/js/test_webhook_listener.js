/** @odoo-module **/
// The dialog behind "Listen for test call": shows the canvas' test URLs while the sidecar
// listens (one call, until expires_at), and opens the execution that call started as soon as
// the sidecar has written it (the executions bus notification, then a lookup by request id).

import { Component, onMounted, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const NOTIFICATION = "the_ai_automator/executions_changed";

export class TestWebhookListener extends Component {
    static template = "the_ai_automator.TestWebhookListener";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        this.params = this.props.action.params || {};
        this.expiresAt = Date.parse(this.params.expires_at || "") || Date.now();
        this.state = useState({ status: "listening", secondsLeft: this.secondsLeft() });
        this.onNotification = (payload) => {
            if ((payload.canvas_ids || []).includes(this.params.canvas_id)) {
                this.lookForExecution();
            }
        };
        this.busService.subscribe(NOTIFICATION, this.onNotification);
        this.timer = setInterval(() => this.tick(), 1000);
        onMounted(() => this.lookForExecution());
        onWillUnmount(() => {
            clearInterval(this.timer);
            this.busService.unsubscribe(NOTIFICATION, this.onNotification);
            // Closing the dialog before a call came stops the test URLs, as n8n's editor does.
            if (this.state.status === "listening") {
                this.orm.call("canvas", "action_stop_test_webhook", [[this.params.canvas_id]]).catch(() => {});
            }
        });
    }

    secondsLeft() {
        return Math.max(0, Math.ceil((this.expiresAt - Date.now()) / 1000));
    }

    tick() {
        this.state.secondsLeft = this.secondsLeft();
        if (this.state.secondsLeft === 0 && this.state.status === "listening") {
            this.state.status = "expired";
            clearInterval(this.timer);
            // A call that came in the last second may be written just now.
            this.lookForExecution(true);
        }
    }

    async lookForExecution(evenIfExpired = false) {
        if (this.state.status === "received" || (this.state.status !== "listening" && !evenIfExpired)) {
            return;
        }
        const executionId = await this.orm.call("canvas", "find_test_execution", [this.params.request_id]);
        if (!executionId || this.state.status === "received") {
            return;
        }
        this.state.status = "received";
        await this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "executions",
            res_id: executionId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async stop() {
        this.state.status = "stopped";
        await this.orm.call("canvas", "action_stop_test_webhook", [[this.params.canvas_id]]);
        this.actionService.doAction({ type: "ir.actions.act_window_close" });
    }
}

registry.category("actions").add("the_ai_automator.test_webhook_listener", TestWebhookListener);
