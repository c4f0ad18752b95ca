/** @odoo-module **/
// The geometry of a workflow graph: node boxes at their n8n positions, ports, labelled edges,
// item counts, and the view box that fits it all. Plain data in, plain data out: no Odoo and no
// DOM here, so the jest suite imports this very file (test/unit/addon/graph-model.test.ts).

/** n8n draws nodes as 100 x 100 boxes whose `position` is the top-left corner. */
export const NODE_SIZE = 100;
/** Room under a node for its name. */
const LABEL_HEIGHT = 40;
/** How far a connection leaves its port horizontally before it bends. */
const CURVE_REACH = 60;
/** A connection whose target lies left of this (from the source's port) goes around, below. */
const BACKWARD_MARGIN = 40;
const FIT_PADDING = 40;

// Short n8n type name (after the package prefix) -> [badge letters, family]. The family picks the
// badge colour; unknown types get the first letters of their name and the "action" family.
const TYPE_BADGES = {
    manualTrigger: ["▶", "trigger"],
    scheduleTrigger: ["⏱", "trigger"],
    webhook: ["WH", "trigger"],
    formTrigger: ["FT", "trigger"],
    errorTrigger: ["ET", "trigger"],
    executeWorkflowTrigger: ["XT", "trigger"],
    if: ["IF", "flow"],
    switch: ["SW", "flow"],
    merge: ["MG", "flow"],
    splitInBatches: ["LP", "flow"],
    filter: ["FL", "flow"],
    wait: ["WT", "flow"],
    noOp: ["→", "flow"],
    stopAndError: ["!", "flow"],
    executeWorkflow: ["XW", "flow"],
    set: ["SET", "data"],
    code: ["{}", "code"],
    function: ["{}", "code"],
    functionItem: ["{}", "code"],
    httpRequest: ["HT", "action"],
    odoo: ["OD", "odoo"],
    respondToWebhook: ["RW", "action"],
    aggregate: ["AG", "data"],
    splitOut: ["SO", "data"],
    sort: ["SR", "data"],
    limit: ["LM", "data"],
    summarize: ["Σ", "data"],
    removeDuplicates: ["RD", "data"],
    compareDatasets: ["CD", "flow"],
    dateTime: ["DT", "data"],
    crypto: ["CR", "data"],
    emailSend: ["@", "action"],
};

export function shortType(type) {
    const text = String(type || "");
    return text.slice(text.lastIndexOf(".") + 1);
}

/** The badge of a type: `{ letters, family }`. */
export function typeBadge(type) {
    const short = shortType(type);
    const known = TYPE_BADGES[short];
    if (known) {
        return { letters: known[0], family: known[1] };
    }
    const family = /trigger$/i.test(short) ? "trigger" : "action";
    return { letters: short.slice(0, 2).toUpperCase() || "?", family };
}

function switchOutputNames(node) {
    const parameters = node.parameters || {};
    const version = Number(node.typeVersion) || 1;
    if (version < 3 || parameters.mode === "expression") {
        const count = Number(parameters.numberOutputs) || 4;
        return Array.from({ length: version < 3 ? 4 : count }, (_, index) => String(index));
    }
    const rules = (parameters.rules && parameters.rules.values) || [];
    const names = rules.map((rule, index) =>
        rule && rule.renameOutput && rule.outputKey ? String(rule.outputKey) : String(index)
    );
    if ((parameters.options || {}).fallbackOutput === "extra") {
        names.push("Fallback");
    }
    return names;
}

/**
 * Labels of a node's outputs, index by index ("" = unnamed). The error output that
 * `onError: continueErrorOutput` adds comes last and is called "error", as n8n calls it.
 */
export function outputNames(node) {
    const short = shortType(node.type);
    let names;
    if (short === "if") {
        names = ["true", "false"];
    } else if (short === "switch") {
        names = switchOutputNames(node);
    } else if (short === "splitInBatches" && Number(node.typeVersion) >= 2) {
        // n8n swapped them in v3
        names = Number(node.typeVersion) >= 3 ? ["done", "loop"] : ["loop", "done"];
    } else if (short === "compareDatasets") {
        names = ["In A only", "Same", "Different", "In B only"];
    } else if (short === "filter" && (node.parameters?.options || {}).allowDiscarded) {
        names = ["kept", "discarded"];
    } else {
        names = [""];
    }
    return node.onError === "continueErrorOutput" ? [...names, "error"] : names;
}

/** Labels of a node's inputs: Merge has "Input 1".."Input N", everything else one unnamed input. */
export function inputNames(node) {
    if (shortType(node.type) !== "merge") {
        return [""];
    }
    const version = Number(node.typeVersion) || 1;
    const count = version >= 3 ? Number(node.parameters?.numberInputs) || 2 : 2;
    return Array.from({ length: count }, (_, index) => `Input ${index + 1}`);
}

/** Evenly spread port y positions along a node's side. */
function portY(top, index, count) {
    return top + (NODE_SIZE * (index + 1)) / (count + 1);
}

/** The SVG path of a connection and the point where its label goes. */
export function edgePath(from, to) {
    if (to.x - from.x >= BACKWARD_MARGIN) {
        const reach = Math.max(CURVE_REACH, (to.x - from.x) / 2);
        return {
            d: `M${from.x},${from.y} C${from.x + reach},${from.y} ${to.x - reach},${to.y} ${to.x},${to.y}`,
            labelX: (from.x + to.x) / 2,
            labelY: (from.y + to.y) / 2,
        };
    }
    // Backwards (a loop going back to an earlier node): out to the right, down under both
    // nodes, left, and into the target from its left side.
    const low = Math.max(from.y, to.y) + NODE_SIZE * 0.5 + LABEL_HEIGHT;
    const right = from.x + CURVE_REACH / 2;
    const left = to.x - CURVE_REACH / 2;
    return {
        d: `M${from.x},${from.y} C${right + 20},${from.y} ${right + 20},${low} ${right},${low} ` +
            `L${left},${low} C${left - 20},${low} ${left - 20},${to.y} ${to.x},${to.y}`,
        labelX: (from.x + to.x) / 2,
        labelY: low,
    };
}

function pluralItems(count) {
    return count === 1 ? "1 item" : `${count} items`;
}

/**
 * Lays a workflow out. `workflow`: n8n JSON (nodes with name, type, typeVersion, position,
 * disabled, onError, parameters and, from Odoo, their record `id`; connections keyed by source
 * name). `runs`, for an execution, per node name: `{status, runCount, outputCounts}` (items per
 * output summed over the node's runs). Answers `{nodes, edges, bounds}`.
 *
 * @typedef {{label: string, x: number, y: number, error: boolean}} Port
 * @typedef {{key: string, name: string, recordId: number | null, type: string, letters: string,
 *   family: string, x: number, y: number, disabled: boolean, status: string | null,
 *   runCount: number, inputs: Port[], outputs: Port[]}} GraphNode
 * @typedef {{key: string, from: string, output: number, to: string, input: number, error: boolean,
 *   items: number, label: string, d: string, labelX: number, labelY: number}} GraphEdge
 * @typedef {{status: string, runCount: number, outputCounts: number[]}} NodeRuns
 * @param {{nodes?: object[], connections?: object}} workflow
 * @param {Record<string, NodeRuns>} [runs]
 * @returns {{nodes: GraphNode[], edges: GraphEdge[], bounds: {x: number, y: number, width: number, height: number}}}
 */
export function layoutGraph(workflow, runs = undefined) {
    const byName = new Map();
    const nodes = (workflow.nodes || []).map((node) => {
        const [x, y] = Array.isArray(node.position) ? node.position.map(Number) : [0, 0];
        const outputs = outputNames(node);
        const inputs = inputNames(node);
        const run = runs ? runs[node.name] : undefined;
        const laid = {
            key: node.name,
            name: node.name,
            recordId: node.id ?? null,
            type: node.type,
            ...typeBadge(node.type),
            x,
            y,
            disabled: Boolean(node.disabled),
            status: runs ? (run ? run.status : "notRun") : null,
            runCount: run ? run.runCount : 0,
            inputs: inputs.map((label, index) => ({ label, x, y: portY(y, index, inputs.length) })),
            outputs: outputs.map((label, index) => ({
                label,
                x: x + NODE_SIZE,
                y: portY(y, index, outputs.length),
                error: label === "error" && index === outputs.length - 1 && node.onError === "continueErrorOutput",
            })),
        };
        byName.set(node.name, laid);
        return laid;
    });
    const edges = [];
    for (const [source, byType] of Object.entries(workflow.connections || {})) {
        const from = byName.get(source);
        const outputsList = (byType && byType.main) || [];
        if (!from) {
            continue;
        }
        outputsList.forEach((targets, outputIndex) => {
            for (const target of targets || []) {
                const to = byName.get(target.node);
                if (!to) {
                    continue;
                }
                const inputIndex = Number(target.index) || 0;
                growPorts(from, "outputs", outputIndex, NODE_SIZE);
                growPorts(to, "inputs", inputIndex, 0);
                const fromPort = from.outputs[outputIndex];
                const toPort = to.inputs[inputIndex];
                const run = runs ? runs[source] : undefined;
                const items = run ? run.outputCounts[outputIndex] || 0 : 0;
                const runLabel = run && run.runCount > 1 ? ` (${run.runCount} runs)` : "";
                edges.push({
                    key: `${source}:${outputIndex}->${target.node}:${inputIndex}`,
                    from: source,
                    output: outputIndex,
                    to: target.node,
                    input: inputIndex,
                    error: fromPort.error,
                    items,
                    label: items > 0 ? pluralItems(items) + runLabel : "",
                    ...edgePath(fromPort, toPort),
                });
            }
        });
    }
    return { nodes, edges, bounds: boundsOf(nodes) };
}

/** A connection may use an output the type tables do not know of (an expression Switch...). */
function growPorts(node, side, index, dx) {
    const ports = node[side];
    if (index < ports.length) {
        return;
    }
    while (ports.length <= index) {
        ports.push({ label: String(ports.length), x: node.x + dx, y: 0, error: false });
    }
    ports.forEach((port, i) => (port.y = portY(node.y, i, ports.length)));
}

export function boundsOf(nodes) {
    if (!nodes.length) {
        return { x: 0, y: 0, width: NODE_SIZE, height: NODE_SIZE };
    }
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const node of nodes) {
        minX = Math.min(minX, node.x);
        minY = Math.min(minY, node.y);
        maxX = Math.max(maxX, node.x + NODE_SIZE);
        maxY = Math.max(maxY, node.y + NODE_SIZE + LABEL_HEIGHT);
    }
    return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The view (`{x, y, scale}`: graph point x,y at the viewport's top-left, `scale` screen pixels per
 * graph unit) that shows `bounds` whole and centred in a viewport; never zoomed in past 1.
 */
export function fitView(bounds, viewportWidth, viewportHeight, padding = FIT_PADDING) {
    const width = bounds.width + 2 * padding;
    const height = bounds.height + 2 * padding;
    const scale = Math.min(1, viewportWidth / width, viewportHeight / height);
    return {
        scale,
        x: bounds.x - padding - (viewportWidth / scale - width) / 2,
        y: bounds.y - padding - (viewportHeight / scale - height) / 2,
    };
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;

/** Zooms by `factor` keeping the graph point under screen point (px, py) in place. */
export function zoomView(view, factor, px, py) {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    const gx = view.x + px / view.scale;
    const gy = view.y + py / view.scale;
    return { scale, x: gx - px / scale, y: gy - py / scale };
}

/** Moves the view by a drag of (dx, dy) screen pixels. */
export function panView(view, dx, dy) {
    return { ...view, x: view.x - dx / view.scale, y: view.y - dy / view.scale };
}

/** The SVG viewBox attribute of a view in a viewport. */
export function viewBox(view, viewportWidth, viewportHeight) {
    return `${view.x} ${view.y} ${viewportWidth / view.scale} ${viewportHeight / view.scale}`;
}

/**
 * Rows of a node run's items for a table: the union of the items' top-level json keys as
 * columns (in first-seen order), each value shown as text (objects as JSON).
 */
export function itemsTable(items) {
    const columns = [];
    const seen = new Set();
    for (const item of items || []) {
        for (const key of Object.keys((item && item.json) || {})) {
            if (!seen.has(key)) {
                seen.add(key);
                columns.push(key);
            }
        }
    }
    const rows = (items || []).map((item) =>
        columns.map((key) => {
            const value = ((item && item.json) || {})[key];
            if (value === undefined) {
                return "";
            }
            return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
        })
    );
    return { columns, rows };
}
