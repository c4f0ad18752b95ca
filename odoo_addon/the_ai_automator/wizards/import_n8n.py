import json

from odoo import _, fields, models
from odoo.exceptions import UserError


class ImportN8nWizard(models.TransientModel):
    """Paste an n8n workflow export; the sidecar validates it and creates the canvas and nodes."""

    _name = "ai_automator.import_wizard"
    _description = "Import an n8n workflow"

    workflow_json = fields.Text(string="n8n Workflow JSON", required=True)
    name = fields.Char(help="Name of the new workflow; empty keeps the JSON's own name.")

    def _parse_workflow(self):
        self.ensure_one()
        try:
            workflow = json.loads(self.workflow_json or "")
        except ValueError as error:
            raise UserError(_("The pasted text is not valid JSON: %s", error)) from None
        if not isinstance(workflow, dict):
            raise UserError(_("The pasted JSON must be an n8n workflow object, not a %s.", type(workflow).__name__))
        if not isinstance(workflow.get("nodes"), list):
            raise UserError(_("The pasted JSON has no \"nodes\" list: it is not an n8n workflow export."))
        return workflow

    def action_import(self):
        self.ensure_one()
        payload = {"workflow": self._parse_workflow()}
        if self.name:
            payload["name"] = self.name
        answer = self.env["ai_automator.sidecar"]._request(
            "POST", "/canvas/import", payload=payload, what=_("importing the n8n workflow")
        )
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        canvas_id = data.get("canvasId")
        if not canvas_id:
            raise UserError(_("The sidecar imported the workflow but did not say which canvas it created."))
        open_canvas = {
            "type": "ir.actions.act_window",
            "name": _("Imported Workflow"),
            "res_model": "canvas",
            "res_id": int(canvas_id),
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        warnings = [str(line) for line in data.get("warnings") or []]
        if not warnings:
            return open_canvas
        # E.g. credential references no Odoo credential matched (by id, then by name): say which.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Workflow imported with warnings"),
                "message": "\n".join(warnings),
                "type": "warning",
                "sticky": True,
                "next": open_canvas,
            },
        }
