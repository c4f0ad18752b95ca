from odoo import fields, models

from .sidecar_client import DEFAULT_SIDECAR_URL


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ai_automator_sidecar_url = fields.Char(
        string="Sidecar URL", config_parameter="ai_automator.sidecar_url", default=DEFAULT_SIDECAR_URL
    )
    ai_automator_sidecar_api_key = fields.Char(
        string="Sidecar API Key", config_parameter="ai_automator.sidecar_api_key"
    )
