/** @odoo-module **/
// The items of one node of an execution, run by run: input and output, as a table or as JSON,
// and the run's error.

import { Component, useState } from "@odoo/owl";
import { itemsTable } from "./graph_model";

export class NodeRunsPanel extends Component {
    static template = "the_ai_automator.NodeRunsPanel";
    static props = {
        node: String,
        // null while loading
        runs: { optional: true },
        summary: { optional: true },
        // labels of the node's outputs ("true", "loop", "error"...), "" when unnamed
        outputNames: { type: Array, optional: true },
        onClose: Function,
    };

    setup() {
        this.state = useState({ run: 0, side: "output", output: null, format: "table" });
    }

    /** The output shown: the one picked, else the first that holds items. */
    get outputIndex() {
        if (this.state.output !== null) {
            return this.state.output;
        }
        const index = (this.run?.output || []).findIndex((items) => items && items.length);
        return Math.max(0, index);
    }

    outputLabel(index) {
        const name = (this.props.outputNames || [])[index];
        const count = ((this.run?.output || [])[index] || []).length;
        return `${name || `Output ${index + 1}`} (${count})`;
    }

    get run() {
        const runs = this.props.runs || [];
        return runs[Math.min(this.state.run, runs.length - 1)] || null;
    }

    /** The items shown: the run's input, or one of its outputs. */
    get items() {
        const run = this.run;
        if (!run) {
            return [];
        }
        if (this.state.side === "input") {
            return run.input || [];
        }
        return (run.output || [])[this.outputIndex] || [];
    }

    get outputCount() {
        return (this.run?.output || []).length;
    }

    get table() {
        return itemsTable(this.items);
    }

    get json() {
        return JSON.stringify(this.items.map((item) => item.json), null, 2);
    }

    onOutputChange(ev) {
        this.state.output = Number(ev.target.value);
    }

    setRun(index) {
        this.state.run = index;
        this.state.output = null;
    }
}
