"""What the graph views (static/src/graph) draw, in one call each.

The canvas form shows the workflow as it is; an execution's form shows the workflow as it ran
(its snapshot) with each node's outcome, its runs and the items per output. Items themselves
are read only for the node the user clicks (`node_runs`): an execution can hold a lot of them.
"""
import json

from odoo import _, api, models
from odoo.exceptions import UserError

# Executions whose next node is shown as running.
_LIVE_STATUSES = ("queued", "running")


def _json(text, default):
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def _graph_node(name, type_, position, **extra):
    node = {"name": name, "type": type_, "position": position}
    node.update(extra)
    return node


class CanvasGraph(models.Model):
    _inherit = "canvas"

    def graph_data(self):
        """The canvas as the graph draws it: n8n-shaped nodes (plus their record id) and connections."""
        self.ensure_one()
        self.check_access("read")
        nodes = [
            _graph_node(
                node.name,
                node.type,
                [node.position_x, node.position_y],
                id=node.id,
                typeVersion=node.type_version,
                disabled=node.disabled,
                onError=node.on_error or None,
                parameters=_json(node.parameters, {}),
            )
            for node in self.node_ids
        ]
        return {"nodes": nodes, "connections": _json(self.connections, {})}

    def action_open_execute_with_data(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Execute with data"),
            "res_model": "ai_automator.execute_wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_canvas_id": self.id},
        }


class ExecutionsGraph(models.Model):
    _inherit = "executions"

    def graph_data(self):
        """The workflow as it ran (snapshot, else the canvas now) and per node: outcome, runs,
        items per output summed over the runs, last error."""
        self.ensure_one()
        self.check_access("read")
        snapshot = _json(self.workflow_snapshot, {})
        if snapshot.get("nodes"):
            record_ids = {node.name: node.id for node in self.canvas_id.node_ids}
            workflow = {
                "nodes": [
                    dict(node, id=record_ids.get(node.get("name")))
                    for node in snapshot["nodes"] if isinstance(node, dict)
                ],
                "connections": snapshot.get("connections") or {},
            }
        else:
            workflow = self.canvas_id.graph_data()
        return {
            "execution": {
                "id": self.id,
                "executionId": self.execution_id,
                "status": self.status,
                "finished": self.finished,
                "errorMessage": self.error_message or None,
                "errorNode": self.error_node or None,
            },
            "workflow": workflow,
            "runs": self._graph_runs(workflow),
        }

    def _graph_runs(self, workflow):
        runs = {}
        for log in self.execution_log_ids.sorted(lambda log: (log.sequence, log.run_index, log.id)):
            run = runs.setdefault(log.node_name, {"status": "success", "runCount": 0, "outputCounts": [], "error": None})
            run["runCount"] += 1
            # The last run decides the colour; an error in any run stays visible.
            run["status"] = log.status
            if log.error_message:
                run["error"] = log.error_message
            outputs = _json(log.output_data, [])
            counts = run["outputCounts"]
            for index, items in enumerate(outputs if isinstance(outputs, list) else []):
                if index >= len(counts):
                    counts.append(0)
                counts[index] += len(items) if isinstance(items, list) else 0
        for run in runs.values():
            if run["error"] and run["status"] == "success":
                run["status"] = "error"
        if self.status in _LIVE_STATUSES:
            for name in self._graph_running_nodes(workflow, runs):
                runs.setdefault(name, {"runCount": 0, "outputCounts": [], "error": None})["status"] = "running"
        return runs

    def _graph_running_nodes(self, workflow, runs):
        """What runs now. The sidecar saves progress as a node finishes, before its children are
        put on the stack (they go to its front): so the nodes fed by the last node's outputs
        that carried items, else the head of the saved stack."""
        data = _json(self.execution_data, {})
        last = (data.get("resultData") or {}).get("lastNodeExecuted") or self.last_node_executed
        counts = runs.get(last, {}).get("outputCounts", [])
        outputs = ((workflow.get("connections") or {}).get(last) or {}).get("main") or []
        children = [
            target["node"]
            for index, targets in enumerate(outputs) if index < len(counts) and counts[index]
            for target in targets or [] if isinstance(target, dict) and target.get("node")
        ]
        if children:
            return children
        stack = ((data.get("executionData") or {}).get("nodeExecutionStack")) or []
        return [entry["node"] for entry in stack[:1] if isinstance(entry, dict) and entry.get("node")]

    def node_runs(self, node_name):
        """Every run of one node in this execution: input and output items, status and error."""
        self.ensure_one()
        self.check_access("read")
        if not isinstance(node_name, str) or not node_name:
            raise UserError(_("Execution %s: name the node whose runs you want.", self.execution_id))
        logs = self.execution_log_ids.filtered(lambda log: log.node_name == node_name)
        return [
            {
                "runIndex": log.run_index,
                "status": log.status,
                "startedAt": log.started_at and log.started_at.isoformat(),
                "duration": log.duration,
                "input": _json(log.input_data, []),
                "output": _json(log.output_data, []),
                "error": log.error_message or None,
            }
            for log in logs.sorted(lambda log: (log.run_index, log.sequence, log.id))
        ]

    @api.model
    def trigger_items_of(self, execution_id):
        """The items the trigger (the first node that ran) output in an execution, json only:
        what *Execute with data* offers to run again."""
        execution = self.browse(execution_id).exists()
        if not execution:
            raise UserError(_("Execution %s does not exist (any more).", execution_id))
        execution.check_access("read")
        first = execution.execution_log_ids.sorted(lambda log: (log.sequence, log.run_index, log.id))[:1]
        if not first:
            raise UserError(_("Execution %s has no node runs: it has no trigger data to reuse.", execution.execution_id))
        outputs = _json(first.output_data, [])
        items = outputs[0] if isinstance(outputs, list) and outputs and isinstance(outputs[0], list) else []
        return [item.get("json", {}) for item in items if isinstance(item, dict)]

