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
        onClose: Function,
    };

    setup() {
        this.state = useState({ run: 0, side: "output", output: 0, format: "table" });
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
        return (run.output || [])[this.state.output] || [];
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
        this.state.output = 0;
    }
}
