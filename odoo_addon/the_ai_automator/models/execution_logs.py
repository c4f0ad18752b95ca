from odoo import api, fields, models

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
    company_id = fields.Many2one(related="execution_id.company_id", store=True, index=True)

    @api.depends("started_at", "finished_at")
    def _compute_duration(self):
        for log in self:
            if log.started_at and log.finished_at:
                log.duration = (log.finished_at - log.started_at).total_seconds() * 1000
            else:
                log.duration = 0.0
