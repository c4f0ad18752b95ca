/** @odoo-module **/
// AI Automator > Queue: the sidecar's queue (GET /queue, asked server-side with the shared key
// by ai_automator.sidecar_status.queue), refreshed every few seconds while the page is open.

import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export const REFRESH_MS = 5000;
const COUNTS = ["waiting", "active", "delayed", "failed"];

export class QueueDashboard extends Component {
    static template = "the_ai_automator.QueueDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.counts = COUNTS;
        this.refreshSeconds = REFRESH_MS / 1000;
        this.state = useState({ answer: null, updatedAt: null, loading: false });
        onWillStart(() => this.load());
        const timer = setInterval(() => this.load(), REFRESH_MS);
        onWillUnmount(() => clearInterval(timer));
    }

    async load() {
        if (this.state.loading) {
            return;
        }
        this.state.loading = true;
        try {
            this.state.answer = await this.orm.silent.call("ai_automator.sidecar_status", "queue", []);
        } catch (error) {
            // Odoo itself did not answer (or refused): say so and keep polling.
            const message = error?.data?.message || error?.message || String(error);
            this.state.answer = { ok: false, state: "error", message };
        } finally {
            this.state.updatedAt = new Date();
            this.state.loading = false;
        }
    }

    get updatedAtText() {
        return this.state.updatedAt ? this.state.updatedAt.toLocaleTimeString() : "";
    }

    get alertClass() {
        const state = this.state.answer?.state;
        return state === "regular" ? "alert-info" : state === "down" || state === "error" ? "alert-danger" : "alert-warning";
    }

    lastSeen(worker) {
        const when = worker.lastSeenAt ? new Date(worker.lastSeenAt) : null;
        return when && !isNaN(when) ? when.toLocaleString() : worker.lastSeenAt || "";
    }
}

registry.category("actions").add("ai_automator.queue_dashboard", QueueDashboard);
