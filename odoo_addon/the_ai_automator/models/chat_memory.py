from odoo import fields, models


class ChatMemory(models.Model):
    """One message of an AI agent's chat history (n8n's Simple Memory), kept per session key.

    The sidecar appends whole exchanges and reads a session back in order; keeping it in Odoo
    lets a conversation survive sidecar restarts and follow the database it belongs to.
    """

    _name = "chat_memory"
    _description = "AI Automator Chat Memory Message"
    _order = "session_key, sequence, id"
    _rec_name = "session_key"

    session_key = fields.Char(required=True, index=True, help="<workflow id>__<session id>, as n8n keys its memory.")
    sequence = fields.Integer(required=True, default=0)
    role = fields.Selection(
        [("system", "System"), ("user", "User"), ("assistant", "Assistant"), ("tool", "Tool")], required=True
    )
    message = fields.Text(required=True, help="The message as JSON (content, tool calls, tool call id).")
