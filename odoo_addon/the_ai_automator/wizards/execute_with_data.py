import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# The client action (static/src/graph/open_execution_action.js) that waits for the sidecar to
# write the new execution into Odoo, then opens it on its graph.
OPEN_EXECUTION_TAG = "the_ai_automator.open_execution"


class ExecuteWithDataWizard(models.TransientModel):
    """n8n's "execute with data": run a workflow with given trigger items (typed as JSON, or
    taken from an earlier execution's trigger), then watch the run on the graph."""

    _name = "ai_automator.execute_wizard"
    _description = "Execute a workflow with trigger data"

    canvas_id = fields.Many2one("canvas", string="Workflow", required=True, ondelete="cascade")
    source_execution_id = fields.Many2one(
        "executions", string="Data of Execution", domain="[('canvas_id', '=', canvas_id)]",
        help="Fill the trigger data with what the trigger output in this earlier execution.",
    )
    trigger_json = fields.Text(
        string="Trigger Data (JSON)", default="{}",
        help="One object is one item; an array of objects is one item per object.",
    )

    @api.onchange("source_execution_id")
    def _onchange_source_execution_id(self):
        if self.source_execution_id:
            items = self.env["executions"].trigger_items_of(self.source_execution_id.id)
            self.trigger_json = json.dumps(items, indent=2, ensure_ascii=False)

    def _parse_trigger_data(self):
        self.ensure_one()
        try:
            data = json.loads(self.trigger_json or "")
        except ValueError as error:
            raise UserError(_("The trigger data is not valid JSON: %s", error)) from None
        if isinstance(data, list):
            wrong = [index for index, item in enumerate(data) if not isinstance(item, dict)]
            if wrong:
                raise UserError(_(
                    "The trigger data must be an object or an array of objects; element %(index)s is a %(kind)s.",
                    index=wrong[0], kind=type(data[wrong[0]]).__name__,
                ))
            return data
        if isinstance(data, dict):
            return data
        raise UserError(_("The trigger data must be an object or an array of objects, not a %s.", type(data).__name__))

    def action_execute(self):
        self.ensure_one()
        trigger_data = self._parse_trigger_data()
        answer = self.canvas_id._start_manual_execution(trigger_data=trigger_data)
        execution_id = answer.get("executionId")
        if not execution_id:
            raise UserError(_("The sidecar started workflow '%s' but did not say which execution.", self.canvas_id.name))
        return {
            "type": "ir.actions.client",
            "tag": OPEN_EXECUTION_TAG,
            "name": _("Execution %s", execution_id),
            "params": {"execution_id": execution_id, "canvas_id": self.canvas_id.id},
        }
