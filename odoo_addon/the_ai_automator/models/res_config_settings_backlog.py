from odoo import _, api, fields, models


class ResConfigSettingsBacklog(models.TransientModel):
    """The sidecar's Odoo delivery backlog on the settings page: how far behind Odoo is."""

    _inherit = "res.config.settings"

    ai_automator_backlog_pending = fields.Integer(string="Executions waiting for Odoo", compute="_compute_ai_automator_backlog")
    ai_automator_backlog_max = fields.Integer(string="Backlog bound (OUTBOX_MAX_PENDING)", compute="_compute_ai_automator_backlog")
    ai_automator_backlog_oldest = fields.Float(string="Oldest waiting (seconds)", compute="_compute_ai_automator_backlog")
    ai_automator_backlog_dead_letters = fields.Integer(string="Refused by Odoo (dead letters)", compute="_compute_ai_automator_backlog")
    ai_automator_backlog_state = fields.Char(string="Backlog", compute="_compute_ai_automator_backlog")

    # Asked once when the page opens (company_id gets its default then), not on every edit of the
    # form; without any dependency Odoo would not compute it for the page's new record at all.
    @api.depends("company_id")
    def _compute_ai_automator_backlog(self):
        answer = self.env["ai_automator.sidecar_status"].backlog() if self.env.is_admin() else None
        data = answer["data"] if answer and answer["ok"] else {}
        for settings in self:
            settings.ai_automator_backlog_pending = data.get("pending", 0)
            settings.ai_automator_backlog_max = data.get("maxPending", 0)
            settings.ai_automator_backlog_oldest = data.get("oldestPendingSeconds", 0)
            settings.ai_automator_backlog_dead_letters = data.get("deadLetters", 0)
            settings.ai_automator_backlog_state = self._ai_automator_backlog_state(answer, data)

    @api.model
    def _ai_automator_backlog_state(self, answer, data):
        if answer is None:
            return _("Only administrators see the backlog.")
        if not answer["ok"]:
            return answer["message"]
        if not data.get("accepting", True):
            return _("Full: new production runs are refused (503) until Odoo catches up.")
        if not data.get("odooReachable", True):
            return _("Odoo writes are failing; the sidecar keeps them and retries: %s", data.get("lastError") or "")
        if data.get("pending"):
            return _("Delivering to Odoo.")
        return _("Up to date: nothing waits for Odoo.")
