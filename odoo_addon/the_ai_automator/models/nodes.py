import uuid

from odoo import fields, models


class Nodes(models.Model):
    """One node of a canvas, mapped one to one onto an n8n node (see the sidecar's mapping)."""

    _name = "nodes"
    _description = "AI Automator Workflow Node"
    _order = "canvas_id, position_x, position_y, id"

    name = fields.Char(required=True, help="Unique within the workflow: connections refer to it.")
    node_id = fields.Char(
        string="Node ID", copy=False, index=True, default=lambda self: str(uuid.uuid4()),
        help="n8n's node id.",
    )
    type = fields.Char(
        required=True, help="n8n type (n8n-nodes-base.set) or a short alias (set, code, manual...)."
    )
    type_version = fields.Float(
        help="n8n typeVersion; 0 means the newest version the sidecar supports."
    )
    parameters = fields.Text(default="{}", help="n8n node parameters JSON.")
    position_x = fields.Float(default=0.0)
    position_y = fields.Float(default=0.0)
    disabled = fields.Boolean()
    retry_on_failure = fields.Boolean(help="n8n retryOnFail.")
    max_retries = fields.Integer(default=3, help="n8n maxTries: tries in all (1-10).")
    retry_interval = fields.Integer(
        string="Retry Interval (ms)", default=1000, help="n8n waitBetweenTries, 0-60000 ms."
    )
    continue_on_fail = fields.Boolean(help="n8n continueOnFail; on_error wins when set.")
    on_error = fields.Selection(
        [
            ("stopWorkflow", "Stop Workflow"),
            ("continueRegularOutput", "Continue (regular output)"),
            ("continueErrorOutput", "Continue (error output)"),
        ],
        string="On Error",
    )
    always_output_data = fields.Boolean()
    execute_once = fields.Boolean()
    notes = fields.Text()
    webhook_id = fields.Char(string="Webhook ID", copy=False)
    canvas_id = fields.Many2one(
        "canvas", string="Workflow", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="canvas_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "canvas_name_unique",
            "UNIQUE(canvas_id, name)",
            "Node names must be unique within a workflow: connections refer to nodes by name.",
        ),
    ]
