/** @odoo-module **/
// The "Graph" page of a workflow's form: the canvas as n8n draws it. A click on a node opens
// its `nodes` record.

import { Component, markRaw, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { layoutGraph } from "./graph_model";
import { WorkflowGraph } from "./workflow_graph";

export class CanvasGraphWidget extends Component {
    static template = "the_ai_automator.CanvasGraphWidget";
    static components = { WorkflowGraph };
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ graph: null, error: null });
        this.loadedFor = null;
        onWillStart(() => this.load(this.props.record));
        onWillUpdateProps((next) => this.load(next.record));
    }

    /** Reloads when the form shows another canvas or a saved change (write_date moves). */
    async load(record) {
        const key = record.resId ? `${record.resId}/${record.data.write_date}` : null;
        if (key === this.loadedFor) {
            return;
        }
        this.loadedFor = key;
        if (!record.resId) {
            this.state.graph = markRaw(layoutGraph({ nodes: [], connections: {} }));
            return;
        }
        try {
            const data = await this.orm.call("canvas", "graph_data", [[record.resId]]);
            // Raw: thousands of read-only values need no reactive proxies (render speed).
            this.state.graph = markRaw(layoutGraph(data));
            this.state.error = null;
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        }
    }

    openNode(node) {
        if (!node.recordId) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "nodes",
            res_id: node.recordId,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("view_widgets").add("ai_automator_canvas_graph", {
    component: CanvasGraphWidget,
    fieldDependencies: [{ name: "write_date", type: "datetime" }],
});
