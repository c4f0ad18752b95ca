/** @odoo-module **/
// The "Graph" page of an execution's form: the workflow as it ran, each node coloured by its
// outcome, item counts on the connections, and the items of the node you click. While the run
// goes on, the sidecar's writes reach us as bus notifications (executions.py) and the graph is
// fetched again: no reload of the page.

import { Component, markRaw, onWillStart, onWillUnmount, onWillUpdateProps, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { layoutGraph } from "./graph_model";
import { NodeRunsPanel } from "./node_runs_panel";
import { WorkflowGraph } from "./workflow_graph";

export const EXECUTIONS_CHANGED = "the_ai_automator/executions_changed";
// A run writes once per finished node (with "save execution progress"): one fetch per interval.
const MIN_REFRESH_INTERVAL_MS = 300;

export class ExecutionGraphWidget extends Component {
    static template = "the_ai_automator.ExecutionGraphWidget";
    static components = { WorkflowGraph, NodeRunsPanel };
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.busService = useService("bus_service");
        this.state = useState({ data: null, graph: null, error: null, selected: null, runs: null, refreshes: 0 });
        this.timer = null;
        this.lastFetch = 0;
        this.resId = this.props.record.resId;
        onWillStart(() => this.fetch());
        onWillUpdateProps((next) => {
            if (next.record.resId !== this.resId) {
                this.resId = next.record.resId;
                this.state.selected = null;
                this.state.runs = null;
                return this.fetch();
            }
        });
        this.onNotification = (payload) => {
            if ((payload.ids || []).includes(this.resId) && !this.timer) {
                const wait = Math.max(0, this.lastFetch + MIN_REFRESH_INTERVAL_MS - Date.now());
                this.timer = setTimeout(() => {
                    this.timer = null;
                    this.fetch();
                }, wait);
            }
        };
        this.busService.subscribe(EXECUTIONS_CHANGED, this.onNotification);
        onWillUnmount(() => {
            this.busService.unsubscribe(EXECUTIONS_CHANGED, this.onNotification);
            clearTimeout(this.timer);
        });
    }

    async fetch() {
        if (!this.resId) {
            return;
        }
        this.lastFetch = Date.now();
        try {
            const data = await this.orm.call("executions", "graph_data", [[this.resId]]);
            // Raw: thousands of read-only values need no reactive proxies (render speed).
            this.state.data = markRaw(data);
            this.state.graph = markRaw(layoutGraph(data.workflow, data.runs));
            this.state.error = null;
            this.state.refreshes++;
            if (this.state.selected) {
                await this.loadRuns(this.state.selected);
            }
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        }
    }

    async loadRuns(name) {
        const runs = await this.orm.call("executions", "node_runs", [[this.resId], name]);
        if (this.state.selected === name) {
            this.state.runs = markRaw(runs);
        }
    }

    selectNode(node) {
        this.state.selected = node.name;
        this.state.runs = null;
        this.loadRuns(node.name);
    }

    closePanel() {
        this.state.selected = null;
        this.state.runs = null;
    }

    get status() {
        return this.state.data ? this.state.data.execution.status : "";
    }

    get selectedOutputNames() {
        const node = this.state.graph?.nodes.find((candidate) => candidate.name === this.state.selected);
        return node ? node.outputs.map((port) => port.label) : [];
    }

    get selectedRun() {
        return this.state.data?.runs?.[this.state.selected] || null;
    }
}

registry.category("view_widgets").add("ai_automator_execution_graph", {
    component: ExecutionGraphWidget,
});
