import base64
import json
import re

from odoo import _, api, fields, models


class ExportN8nWizard(models.TransientModel):
    """Shows (and offers as a file) the n8n JSON the sidecar exported for a canvas."""

    _name = "ai_automator.export_wizard"
    _description = "Export a workflow as n8n JSON"

    canvas_id = fields.Many2one("canvas", required=True, ondelete="cascade")
    workflow_json = fields.Text(string="n8n Workflow JSON", readonly=True)
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            workflow = vals.pop("workflow", None)
            if workflow is not None:
                text = json.dumps(workflow, indent=2, ensure_ascii=False)
                vals["workflow_json"] = text
                vals["file_data"] = base64.b64encode(text.encode())
        wizards = super().create(vals_list)
        for wizard in wizards:
            slug = re.sub(r"[^A-Za-z0-9_-]+", "_", wizard.canvas_id.name or "workflow").strip("_")
            wizard.file_name = f"{slug or 'workflow'}.json"
        return wizards

    def _open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("n8n JSON of %s", self.canvas_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
