from odoo import _, api, fields, models
from odoo.exceptions import UserError

LOG_STATUSES = [
    ("success", "Success"),
    ("error", "Error"),
    ("waiting", "Waiting"),
    ("cancelled", "Cancelled"),
]


class ExecutionLogs(models.Model):
    """One run of one node inside an execution (n8n's runData[node][run_index])."""

    _name = "execution_logs"
    _description = "AI Automator Node Run"
    _order = "execution_id, sequence, id"
    _rec_name = "node_name"

    execution_id = fields.Many2one(
        "executions", string="Execution", required=True, ondelete="cascade", index=True
    )
    # Optional: a sub-workflow given as JSON has no node records.
    node_id = fields.Many2one("nodes", string="Node", ondelete="set null", index="btree_not_null")
    node_name = fields.Char(required=True)
    sequence = fields.Integer(required=True, default=0, help="Order in which the node ran.")
    run_index = fields.Integer(default=0, help="Index of this run among the node's runs.")
    started_at = fields.Datetime(required=True, default=fields.Datetime.now)
    finished_at = fields.Datetime()
    # The sidecar writes milliseconds; the compute is a fallback from second-precision dates.
    duration = fields.Float(
        string="Duration (ms)", compute="_compute_duration", store=True, readonly=False
    )
    status = fields.Selection(LOG_STATUSES, required=True)
    input_data = fields.Text(help="JSON array of input items.")
    output_data = fields.Text(help="JSON array of output items.")
    error_message = fields.Text()
    # A model call's (or the OpenAI node's own) token usage, as n8n shows it on the run.
    prompt_tokens = fields.Integer(string="Prompt Tokens")
    completion_tokens = fields.Integer(string="Completion Tokens")
    total_tokens = fields.Integer(string="Tokens")
    company_id = fields.Many2one(related="execution_id.company_id", store=True, index=True)

    def action_run_node(self):
        """n8n's "execute step": ask the sidecar to run this node again, with the saved items of
        its parents in this execution (and whatever parents have none), as a new manual execution.
        Writes nothing here: the sidecar creates the new execution (its partial_of names this one)."""
        self.ensure_one()
        execution = self.execution_id
        if execution.status in ("running", "waiting", "queued"):
            raise UserError(_("Execution %s is still %s: run a node from it once it has ended.", execution.execution_id, execution.status))
        answer = self.env["ai_automator.sidecar"]._request(
            "POST",
            f"/executions/{execution.execution_id}/run-node",
            payload={"node": self.node_name, "wait": False},
            what=_("running node '%s' of execution %s", self.node_name, execution.execution_id),
        )
        return execution.canvas_id._notify(
            _(
                "Partial run %(execution)s of node '%(node)s' started (%(status)s).",
                execution=answer.get("executionId", "?"),
                node=self.node_name,
                status=answer.get("status", "?"),
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    @api.depends("started_at", "finished_at")
    def _compute_duration(self):
        for log in self:
            if log.started_at and log.finished_at:
                log.duration = (log.finished_at - log.started_at).total_seconds() * 1000
            else:
                log.duration = 0.0
