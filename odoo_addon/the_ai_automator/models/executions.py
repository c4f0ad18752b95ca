import json

from odoo import _, api, fields, models

EXECUTION_MODES = [
    ("manual", "Manual"),
    ("production", "Production"),
    ("partial", "Partial"),
    ("retry", "Retry"),
    ("integrated", "Integrated"),
    ("error", "Error Workflow"),
]

# Listed in lifecycle order: the form's statusbar follows it.
EXECUTION_STATUSES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("waiting", "Waiting"),
    ("success", "Success"),
    ("error", "Error"),
    ("cancelled", "Cancelled"),
    ("crashed", "Crashed"),
]

# Our statuses use the seed's spelling; n8n's own format spells this one the American way.
N8N_STATUS = {"cancelled": "canceled"}

BUS_NOTIFICATION = "the_ai_automator/executions_changed"

# Stages a run goes through: queued, then running/waiting (back and forth), then an end.
# Anything else (success, error, cancelled, crashed) is an end.
_STAGES = {"queued": 0, "running": 1, "waiting": 1}
_END_STAGE = 2


def _stage(status):
    return _STAGES.get(status, _END_STAGE)


def _iso_utc(value):
    """Odoo datetimes are naive UTC; n8n's format wants ISO 8601 with a Z."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z") if value else None


def _json_or_empty(text):
    return json.loads(text) if text else {}


class Executions(models.Model):
    """One run of a workflow. Written by the sidecar only; users read it (like queue_job's jobs)."""

    _name = "executions"
    _description = "AI Automator Execution"
    _order = "started_at desc, id desc"
    _rec_name = "execution_id"

    execution_id = fields.Char(string="Execution ID", required=True, index=True, readonly=True)
    canvas_id = fields.Many2one(
        "canvas", string="Workflow", required=True, ondelete="cascade", index=True
    )
    mode = fields.Selection(EXECUTION_MODES, required=True, default="manual", index=True)
    status = fields.Selection(EXECUTION_STATUSES, required=True, default="running", index=True)
    finished = fields.Boolean(default=False, index=True)
    started_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    stopped_at = fields.Datetime()
    # The sidecar writes the exact value; the compute is a fallback from second-precision dates.
    duration = fields.Float(
        string="Duration (seconds)", compute="_compute_duration", store=True, readonly=False,
        digits=(16, 3),
    )
    wait_till = fields.Datetime(string="Wait Until", index=True)
    resume_url = fields.Char(string="Resume URL")
    retry_of = fields.Many2one("executions", string="Retry Of", ondelete="set null", index=True)
    retry_success_id = fields.Many2one("executions", string="Successful Retry", ondelete="set null")
    parent_execution_id = fields.Many2one(
        "executions", string="Parent Execution", ondelete="set null", index=True,
        help="The execution whose Execute Workflow node started this one.",
    )
    partial_of = fields.Many2one(
        "executions", string="Partial Run Of", ondelete="set null", index=True,
        help="The execution whose saved items this partial run (one node and what it needs) started from.",
    )
    request_id = fields.Char(
        string="Request ID", index=True, copy=False,
        help="Idempotency key of the request that started this execution.",
    )
    workflow_snapshot = fields.Text(help="JSON snapshot of the workflow at execution time.")
    execution_data = fields.Text(help="n8n IRunExecutionData JSON.")
    error_message = fields.Text()
    error_node = fields.Char(help="Name of the node that failed.")
    last_node_executed = fields.Char()
    custom_data = fields.Text(
        string="Custom Data",
        help="Key/value pairs the workflow's Execution Data nodes saved (JSON), as n8n shows them; "
        "search on it to find executions by those values.",
    )
    # Summed by the sidecar over every model call of the run (AI nodes' token usage).
    prompt_tokens = fields.Integer(string="Prompt Tokens", help="Tokens sent to AI models in this execution.")
    completion_tokens = fields.Integer(string="Completion Tokens", help="Tokens AI models answered with in this execution.")
    total_tokens = fields.Integer(string="Tokens", help="Prompt and completion tokens of every AI model call in this execution.")
    worker = fields.Char(
        string="Worker", readonly=True, index=True,
        help="Queue mode: the sidecar worker process that ran this execution (its id as the Queue page lists workers).",
    )
    execution_log_ids = fields.One2many("execution_logs", "execution_id", string="Node Runs")
    log_count = fields.Integer(compute="_compute_log_count")
    company_id = fields.Many2one(related="canvas_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("execution_id_unique", "UNIQUE(execution_id)", "The execution ID must be unique."),
        # PostgreSQL lets any number of NULLs through a UNIQUE constraint: unique where set.
        ("request_id_unique", "UNIQUE(request_id)", "An execution already exists for this request ID."),
    ]

    @api.depends("started_at", "stopped_at")
    def _compute_duration(self):
        for execution in self:
            if execution.started_at and execution.stopped_at:
                execution.duration = (execution.stopped_at - execution.started_at).total_seconds()
            else:
                execution.duration = 0.0

    @api.depends("execution_log_ids")
    def _compute_log_count(self):
        for execution in self:
            execution.log_count = len(execution.execution_log_ids)

    def to_n8n_format(self):
        """The execution as the sidecar's GET /executions/:id answers it (n8n's shape)."""
        self.ensure_one()
        return {
            "id": self.execution_id,
            "workflowId": self.canvas_id.workflow_id,
            "finished": self.finished,
            "mode": self.mode,
            "status": N8N_STATUS.get(self.status, self.status),
            "startedAt": _iso_utc(self.started_at),
            "stoppedAt": _iso_utc(self.stopped_at),
            "duration": self.duration,
            "waitTill": _iso_utc(self.wait_till),
            "resumeUrl": self.resume_url or None,
            "errorMessage": self.error_message or None,
            "retryOf": self.retry_of.execution_id or None,
            "retrySuccessId": self.retry_success_id.execution_id or None,
            "parentExecutionId": self.parent_execution_id.execution_id or None,
            "partialOf": self.partial_of.execution_id or None,
            "workflowData": _json_or_empty(self.workflow_snapshot),
            "data": _json_or_empty(self.execution_data),
            "customData": _json_or_empty(self.custom_data),
        }

    # Real-time refresh: open lists and forms reload when the sidecar writes.

    @api.model_create_multi
    def create(self, vals_list):
        executions = super().create(vals_list)
        executions._notify_changed()
        return executions

    def write(self, vals):
        # Processes write one execution through outboxes of their own (queue mode: the main
        # stores `queued`, a worker its run), so a write can reach Odoo after a later one: a
        # write taking an execution back to an earlier stage is stale and skipped, here, in
        # the transaction that holds the row (never a read-then-write over RPC).
        status = vals.get("status")
        current = self
        if status:
            current = self.filtered(lambda execution: _stage(execution.status) <= _stage(status))
        result = super(Executions, current).write(vals) if current else True
        current._notify_changed()
        return result

    def _notify_changed(self):
        if self:
            self._send_changed_notification(self.ids, self.canvas_id.ids)

    @api.model
    def _send_changed_notification(self, execution_ids, canvas_ids):
        group = self.env.ref("the_ai_automator.group_ai_automator_user", raise_if_not_found=False)
        if not group:
            return
        # Ids only: every automator user gets the message, whatever his companies.
        self.env["bus.bus"].sudo()._sendone(
            group, BUS_NOTIFICATION, {"ids": execution_ids, "canvas_ids": canvas_ids}
        )

    # Buttons: the sidecar decides and writes; Odoo only asks.

    def action_retry(self):
        return self._retry(load_workflow=False)

    def action_retry_current_workflow(self):
        return self._retry(load_workflow=True)

    def _retry(self, load_workflow):
        self.ensure_one()
        answer = self.env["ai_automator.sidecar"]._request(
            "POST",
            f"/executions/{self.execution_id}/retry",
            payload={"loadWorkflow": load_workflow},
            what=_("retrying execution %s", self.execution_id),
        )
        return self.canvas_id._notify(
            _(
                "Retry %(execution)s started (%(status)s).",
                execution=answer.get("executionId", "?"),
                status=answer.get("status", "?"),
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_stop(self):
        self.ensure_one()
        self.env["ai_automator.sidecar"]._request(
            "POST", f"/executions/{self.execution_id}/stop", payload={},
            what=_("stopping execution %s", self.execution_id),
        )
        return self.canvas_id._notify(
            _("Execution %s stopped.", self.execution_id),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_open_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("the_ai_automator.action_execution_logs")
        action["domain"] = [("execution_id", "=", self.id)]
        return action
