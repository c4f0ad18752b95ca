import json
from urllib.parse import quote

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

SIDECAR_GROUP = "the_ai_automator.group_ai_automator_sidecar"
MANAGER_GROUP = "the_ai_automator.group_ai_automator_manager"


class Credentials(models.Model):
    """One n8n-style credential. Its fields exist here only as the sidecar's AES-256-GCM
    ciphertext, readable and writable by the sidecar's technical group alone: Odoo never
    holds a secret in clear, not even in a transient field. Managers see name, type and
    company, and ask the sidecar which fields are set (see the sidecar_* methods)."""

    _name = "credentials"
    _description = "AI Automator Credentials"
    _order = "name, id"

    name = fields.Char(required=True, help="Nodes refer to a credential by its id, then by this name.")
    type = fields.Char(required=True, help="n8n credential type: httpHeaderAuth, oAuth2Api, odooApi...")
    credential_id = fields.Char(
        string="Credential ID", required=True, index=True, copy=False, readonly=True,
        help="The sidecar's (n8n's) credential id; the ciphertext is bound to it.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    ciphertext = fields.Text(groups=SIDECAR_GROUP, copy=False, prefetch=False)

    _sql_constraints = [
        ("credential_id_unique", "UNIQUE(credential_id)", "A credential with this id already exists."),
    ]

    # -- The sidecar's own writes ------------------------------------------------------------

    @api.model
    def sidecar_replace_ciphertexts(self, ciphertexts):
        """Key rotation: every credential's ciphertext in one transaction, all or nothing.

        `ciphertexts` maps credential_id -> new ciphertext and must name every credential."""
        if not self.env.user.has_group(SIDECAR_GROUP):
            raise AccessError(_("Only the sidecar may re-encrypt credentials."))
        records = self.with_context(active_test=False).search([])
        if set(records.mapped("credential_id")) != set(ciphertexts):
            raise UserError(_("The credentials changed while their key was being rotated: nothing was changed, run it again."))
        for record in records:
            record.ciphertext = ciphertexts[record.credential_id]
        return len(records)

    # -- Managers, through the sidecar (these methods write nothing in Odoo themselves, so
    # the sidecar's own writes never wait on a lock this transaction holds) ----------------

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only AI Automator managers may manage credentials."))

    @api.model
    def _sidecar(self, method, path, payload=None, what=None):
        return self.env["ai_automator.sidecar"]._request(method, path, payload=payload, what=what)

    @api.model
    def sidecar_types(self):
        """The credential types the sidecar knows, with their fields (names, secret, options)."""
        self._check_manager()
        return self._sidecar("GET", "/credential-types", what=_("listing credential types")).get("data", [])

    def sidecar_describe(self):
        """Name, type and per field whether it is set: never a value."""
        self.ensure_one()
        self._check_manager()
        self.check_access("read")
        path = "/credentials/" + quote(self.credential_id, safe="")
        return self._sidecar("GET", path, what=_("reading credentials \"%s\"", self.name)).get("data", {})

    @api.model
    def sidecar_save(self, credential_id, values):
        """Creates (no credential_id) or changes a credential through the sidecar.

        `values` is {name, type, data}: data holds only the fields typed in, which the sidecar
        encrypts; fields left out keep their values. Answers the credential id."""
        self._check_manager()
        if not isinstance(values, dict):
            raise UserError(_("Credential values must be an object."))
        data = values.get("data") or {}
        if not isinstance(data, dict):
            raise UserError(_("Credential fields must be an object."))
        name = (values.get("name") or "").strip()
        if credential_id:
            record = self.search([("credential_id", "=", credential_id)], limit=1)
            if not record:
                raise UserError(_("Credential %s no longer exists.", credential_id))
            payload = {"data": data}
            if name:
                payload["name"] = name
            path = "/credentials/" + quote(credential_id, safe="")
            self._sidecar("PATCH", path, payload=payload, what=_("saving credentials \"%s\"", record.name))
            return credential_id
        if not name or not values.get("type"):
            raise UserError(_("A new credential needs a name and a type."))
        answer = self._sidecar(
            "POST", "/credentials", payload={"name": name, "type": values["type"], "data": data},
            what=_("creating credentials \"%s\"", name),
        )
        return (answer.get("data") or {}).get("id")

    def sidecar_delete(self):
        self._check_manager()
        self.check_access("read")
        for record in self:
            path = "/credentials/" + quote(record.credential_id, safe="")
            self._sidecar("DELETE", path, what=_("deleting credentials \"%s\"", record.name))
        return True

    def action_new_credential(self):
        # A list header button: called on the selected records (or none), which it ignores.
        self._check_manager()
        return {"type": "ir.actions.client", "tag": "ai_automator_credential_editor", "name": _("New Credential"),
                "params": {}}

    def action_edit_credential(self):
        self.ensure_one()
        self._check_manager()
        return {"type": "ir.actions.client", "tag": "ai_automator_credential_editor", "name": self.name,
                "params": {"credential_id": self.credential_id, "record_id": self.id}}


class NodesCredentials(models.Model):
    """A node's credential references, n8n's `credentials: {type: {id, name}}`: the picked
    records, plus (as JSON) references an import could not match yet."""

    _inherit = "nodes"

    credential_ids = fields.Many2many(
        "credentials", "nodes_credentials_rel", "nodes_id", "credentials_id", string="Credentials",
        groups=MANAGER_GROUP + "," + SIDECAR_GROUP,
        help="Credentials this node uses, one per credential type (nodes pick them by name).",
    )
    credential_refs = fields.Text(
        string="Unmatched Credential References", groups=MANAGER_GROUP + "," + SIDECAR_GROUP,
        help="n8n references {type: {id, name}} an import found no credential for; they resolve by name once one exists.",
    )

    @api.constrains("credential_ids")
    def _check_one_credential_per_type(self):
        for node in self:
            types = node.credential_ids.mapped("type")
            if len(types) != len(set(types)):
                raise UserError(_("Node \"%s\" may use one credential per type.", node.name))

    @api.constrains("credential_refs")
    def _check_refs_json(self):
        for node in self:
            if not node.credential_refs:
                continue
            try:
                refs = json.loads(node.credential_refs)
            except ValueError:
                refs = None
            if not isinstance(refs, dict):
                raise UserError(_("The unmatched credential references of node \"%s\" must be a JSON object.", node.name))
