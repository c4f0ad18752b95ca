/** @odoo-module **/
// Draws a laid-out workflow (graph_model.js) as SVG, read-only, with zoom (wheel, buttons),
// pan (drag the background) and fit to screen. What a click on a node does is the caller's.

import { Component, onMounted, useRef, useState } from "@odoo/owl";
import { NODE_SIZE, fitView, panView, viewBox, zoomView } from "./graph_model";

const ZOOM_STEP = 1.25;
const FALLBACK_VIEWPORT = { width: 800, height: 480 };

/**
 * Nodes and edges: their own component, so that zooming and panning (the parent's viewBox)
 * does not render them again; OWL re-renders it only when the graph or the selection changes.
 */
export class GraphLayer extends Component {
    static template = "the_ai_automator.GraphLayer";
    static props = {
        graph: Object,
        selected: { type: String, optional: true },
        onNodeClick: Function,
    };

    setup() {
        this.NODE_SIZE = NODE_SIZE;
    }

    nodeClass(node) {
        const classes = ["o_ai_graph_node", `o_ai_graph_family_${node.family}`];
        if (node.status) {
            classes.push(`o_ai_graph_status_${node.status}`);
        }
        if (node.disabled) {
            classes.push("o_ai_graph_disabled");
        }
        if (node.name === this.props.selected) {
            classes.push("o_ai_graph_selected");
        }
        return classes.join(" ");
    }

    edgeClass(edge) {
        return `o_ai_graph_edge${edge.error ? " o_ai_graph_edge_error" : ""}${edge.items ? " o_ai_graph_edge_carried" : ""}`;
    }
}

export class WorkflowGraph extends Component {
    static template = "the_ai_automator.WorkflowGraph";
    static components = { GraphLayer };
    static props = {
        graph: Object,
        selected: { type: String, optional: true },
        onNodeClick: Function,
    };

    setup() {
        this.root = useRef("root");
        this.state = useState({ view: { x: 0, y: 0, scale: 1 }, viewport: { ...FALLBACK_VIEWPORT } });
        this.drag = null;
        onMounted(() => this.fit());
    }

    get viewBox() {
        const { width, height } = this.state.viewport;
        return viewBox(this.state.view, width, height);
    }

    measure() {
        const element = this.root.el;
        if (element && element.clientWidth && element.clientHeight) {
            this.state.viewport = { width: element.clientWidth, height: element.clientHeight };
        }
        return this.state.viewport;
    }

    fit() {
        const { width, height } = this.measure();
        this.state.view = fitView(this.props.graph.bounds, width, height);
    }

    zoom(factor, px, py) {
        const { width, height } = this.measure();
        this.state.view = zoomView(this.state.view, factor, px ?? width / 2, py ?? height / 2);
    }

    onWheel(ev) {
        ev.preventDefault();
        const box = this.root.el.getBoundingClientRect();
        this.zoom(ev.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, ev.clientX - box.left, ev.clientY - box.top);
    }

    onPointerDown(ev) {
        if (ev.button !== 0 || ev.target.closest(".o_ai_graph_node")) {
            return;
        }
        this.drag = { x: ev.clientX, y: ev.clientY };
        ev.currentTarget.setPointerCapture?.(ev.pointerId);
    }

    onPointerMove(ev) {
        if (!this.drag) {
            return;
        }
        this.state.view = panView(this.state.view, ev.clientX - this.drag.x, ev.clientY - this.drag.y);
        this.drag = { x: ev.clientX, y: ev.clientY };
    }

    onPointerUp() {
        this.drag = null;
    }
}
