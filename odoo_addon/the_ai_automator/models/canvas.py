import uuid

from odoo import _, api, fields, models
from odoo.addons.base.models.res_partner import _tz_get


class Canvas(models.Model):
    """A workflow drawn in Odoo. The sidecar reads it (with its nodes) and runs it."""

    _name = "canvas"
    _description = "AI Automator Workflow"
    _order = "name, id"

    name = fields.Char(required=True)
    workflow_id = fields.Char(
        string="Workflow ID",
        required=True,
        copy=False,
        index=True,
        default=lambda self: str(uuid.uuid4()),
        help="n8n's workflowId: stable identifier used by sub-workflow calls and error workflows.",
    )
    description = fields.Text()
    connections = fields.Text(
        default="{}", help="n8n connections JSON, keyed by source node name."
    )
    settings = fields.Text(default="{}", help="n8n workflow settings JSON.")
    node_ids = fields.One2many("nodes", "canvas_id", string="Nodes", copy=True)
    node_count = fields.Integer(compute="_compute_node_count")

    # Written by the sidecar once it has (un)registered the triggers.
    active_workflow = fields.Boolean(
        string="Active", default=False, copy=False, help="Whether the workflow's triggers are registered."
    )
    activated_at = fields.Datetime(copy=False)

    execution_timeout = fields.Integer(string="Execution Timeout (seconds)", default=3600)
    save_execution_progress = fields.Boolean(default=False)
    save_manual_executions = fields.Boolean(default=True)
    save_success_executions = fields.Selection(
        [("all", "All"), ("none", "None")], default="all"
    )
    save_error_executions = fields.Selection(
        [("all", "All"), ("none", "None")], default="all"
    )
    error_workflow_id = fields.Many2one("canvas", string="Error Workflow", ondelete="set null")
    timezone = fields.Selection(
        _tz_get, help="Timezone of schedules and dates; empty means the sidecar's GENERIC_TIMEZONE."
    )

    execution_ids = fields.One2many("executions", "canvas_id", string="Executions")
    execution_count = fields.Integer(compute="_compute_execution_count")
    last_execution_id = fields.Many2one(
        "executions", string="Last Execution", compute="_compute_last_execution"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("workflow_id_unique", "UNIQUE(workflow_id)", "The workflow ID must be unique."),
    ]

    @api.depends("node_ids")
    def _compute_node_count(self):
        for canvas in self:
            canvas.node_count = len(canvas.node_ids)

    @api.depends("execution_ids")
    def _compute_execution_count(self):
        counts = dict(
            self.env["executions"]._read_group(
                [("canvas_id", "in", self.ids)], ["canvas_id"], ["__count"]
            )
        )
        for canvas in self:
            canvas.execution_count = counts.get(canvas, 0)

    @api.depends("execution_ids.started_at")
    def _compute_last_execution(self):
        for canvas in self:
            canvas.last_execution_id = self.env["executions"].search(
                [("canvas_id", "=", canvas.id)], order="started_at desc, id desc", limit=1
            )

    def write(self, vals):
        result = super().write(vals)
        if "active_workflow" in vals:
            # The sidecar flips this over RPC once triggers are (un)registered: refresh open forms.
            self.env["executions"]._send_changed_notification([], self.ids)
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for canvas, vals in zip(self, vals_list):
            vals["name"] = _("%s (copy)", canvas.name)
        return vals_list

    # Buttons. They only call the sidecar and never write what the sidecar writes
    # (active_workflow, executions): the sidecar does that over RPC in its own transaction.

    def action_execute_workflow(self):
        self.ensure_one()
        answer = self._start_manual_execution()
        message = _(
            "Execution %(execution)s started (%(status)s).",
            execution=answer.get("executionId", "?"),
            status=answer.get("status", "?"),
        )
        return self._notify(message, next_action=self.action_open_executions())

    def _start_manual_execution(self, trigger_data=None):
        """POST /canvas/:id/execute without waiting; `trigger_data` (an object or a list of
        objects) becomes the trigger's items. Answers the sidecar's {executionId, status}."""
        payload = {"wait": False, "mode": "manual"}
        if trigger_data is not None:
            payload["triggerData"] = trigger_data
        return self.env["ai_automator.sidecar"]._request(
            "POST",
            f"/canvas/{self.id}/execute",
            payload=payload,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())},
            what=_("executing workflow '%s'", self.name),
        )

    def action_activate(self):
        self.ensure_one()
        self.env["ai_automator.sidecar"]._request(
            "POST", f"/canvas/{self.id}/activate", payload={}, what=_("activating workflow '%s'", self.name)
        )
        return self._notify(_("Workflow '%s' activated.", self.name), next_action={"type": "ir.actions.client", "tag": "soft_reload"})

    def action_deactivate(self):
        self.ensure_one()
        self.env["ai_automator.sidecar"]._request(
            "POST", f"/canvas/{self.id}/deactivate", payload={}, what=_("deactivating workflow '%s'", self.name)
        )
        return self._notify(_("Workflow '%s' deactivated.", self.name), next_action={"type": "ir.actions.client", "tag": "soft_reload"})

    def action_export_n8n(self):
        self.ensure_one()
        answer = self.env["ai_automator.sidecar"]._request(
            "GET", f"/canvas/{self.id}/export", what=_("exporting workflow '%s'", self.name)
        )
        workflow = answer.get("data", answer) if isinstance(answer, dict) else answer
        wizard = self.env["ai_automator.export_wizard"].create(
            {"canvas_id": self.id, "workflow": workflow}
        )
        return wizard._open()

    def action_open_executions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("the_ai_automator.action_executions")
        action["domain"] = [("canvas_id", "=", self.id)]
        action["context"] = {"default_canvas_id": self.id}
        action["name"] = _("Executions of %s", self.name)
        return action

    def _notify(self, message, next_action=None, kind="success"):
        params = {"message": message, "type": kind, "sticky": False}
        if next_action:
            params["next"] = next_action
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
