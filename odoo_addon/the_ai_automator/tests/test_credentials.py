import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SIDECAR_KEY, SIDECAR_URL, AutomatorCase, sidecar_response

HEADERS = {"Authorization": f"Bearer {SIDECAR_KEY}", "Accept": "application/json"}
CIPHERTEXT = "v1:0123456789abcdef:bm90IGEgc2VjcmV0"


@tagged("post_install", "-at_install")
class TestCredentials(AutomatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "cred_user", groups="the_ai_automator.group_ai_automator_user")
        cls.manager = new_test_user(cls.env, "cred_manager", groups="the_ai_automator.group_ai_automator_manager")
        cls.admin = new_test_user(
            cls.env, "cred_admin", groups="base.group_system,the_ai_automator.group_ai_automator_manager"
        )
        cls.sidecar = new_test_user(
            cls.env, "cred_sidecar", groups="base.group_user,the_ai_automator.group_ai_automator_sidecar"
        )
        cls.credential = cls.env["credentials"].with_user(cls.sidecar).create({
            "name": "Shop API", "type": "httpHeaderAuth", "credential_id": "cred7", "ciphertext": CIPHERTEXT,
        })

    def test_only_the_sidecar_reads_the_ciphertext(self):
        for who in (self.admin, self.manager):
            record = self.env["credentials"].with_user(who).browse(self.credential.id)
            self.assertEqual((record.name, record.type, record.credential_id), ("Shop API", "httpHeaderAuth", "cred7"))
            rows = self.env["credentials"].with_user(who).search_read([], [])
            self.assertEqual([row["name"] for row in rows], ["Shop API"])
            self.assertNotIn("ciphertext", rows[0])
            with self.assertRaises(AccessError):
                record.read(["ciphertext"])
        sidecar_view = self.env["credentials"].with_user(self.sidecar).browse(self.credential.id)
        self.assertEqual(sidecar_view.ciphertext, CIPHERTEXT)

    def test_nobody_but_the_sidecar_writes_records(self):
        for who in (self.admin, self.manager, self.user):
            model = self.env["credentials"].with_user(who)
            with self.assertRaises(AccessError):
                model.browse(self.credential.id).write({"name": "Changed"})
            with self.assertRaises(AccessError):
                model.create({"name": "Mine", "type": "httpBasicAuth", "credential_id": "x"})
            with self.assertRaises(AccessError):
                model.browse(self.credential.id).unlink()
        with self.assertRaises(AccessError):
            self.env["credentials"].with_user(self.user).browse(self.credential.id).name  # noqa: B018

    def test_manager_creates_through_the_sidecar(self):
        answer = sidecar_response(201, {"success": True, "data": {"id": "newId123", "name": "Mail", "type": "smtp"}})
        values = {"name": " Mail ", "type": "smtp", "data": {"user": "me", "password": "typed-in"}}
        with patch("requests.post", return_value=answer) as post:
            credential_id = self.env["credentials"].with_user(self.manager).sidecar_save(False, values)
        self.assertEqual(credential_id, "newId123")
        post.assert_called_once_with(
            f"{SIDECAR_URL}/credentials", json={"name": "Mail", "type": "smtp", "data": values["data"]},
            headers=HEADERS, timeout=10,
        )
        # Odoo itself stored nothing: the sidecar creates the record over RPC.
        self.assertEqual(self.env["credentials"].search_count([("name", "=", "Mail")]), 0)

    def test_manager_replaces_fields_through_the_sidecar(self):
        answer = sidecar_response(200, {"success": True, "data": {"id": "cred7"}})
        with patch("requests.request", return_value=answer) as request:
            self.env["credentials"].with_user(self.manager).sidecar_save("cred7", {"name": "Shop", "data": {"value": "new"}})
        request.assert_called_once_with(
            "PATCH", f"{SIDECAR_URL}/credentials/cred7", json={"data": {"value": "new"}, "name": "Shop"},
            headers=HEADERS, timeout=10,
        )

    def test_manager_sees_which_fields_are_set(self):
        described = {"id": "cred7", "name": "Shop API", "type": "httpHeaderAuth",
                     "fields": [{"name": "name", "secret": False, "set": True}, {"name": "value", "secret": True, "set": False}]}
        with patch("requests.get", return_value=sidecar_response(200, {"success": True, "data": described})) as get:
            answer = self.credential.with_user(self.manager).sidecar_describe()
        self.assertEqual(answer, described)
        get.assert_called_once_with(f"{SIDECAR_URL}/credentials/cred7", headers=HEADERS, timeout=10)

    def test_manager_deletes_through_the_sidecar(self):
        answer = sidecar_response(200, {"success": True, "data": {"id": "cred7"}})
        with patch("requests.delete", return_value=answer) as delete:
            self.credential.with_user(self.manager).sidecar_delete()
        delete.assert_called_once_with(f"{SIDECAR_URL}/credentials/cred7", headers=HEADERS, timeout=10)

    def test_users_may_not_manage_credentials(self):
        with patch("requests.post") as post, self.assertRaises(AccessError):
            self.env["credentials"].with_user(self.user).sidecar_save(False, {"name": "x", "type": "smtp", "data": {}})
        post.assert_not_called()
        with self.assertRaises(AccessError):
            self.env["credentials"].with_user(self.manager).sidecar_replace_ciphertexts({"cred7": CIPHERTEXT})

    def test_key_rotation_is_all_or_nothing(self):
        model = self.env["credentials"].with_user(self.sidecar)
        with self.assertRaises(UserError):
            model.sidecar_replace_ciphertexts({"cred7": "v1:new", "ghost": "v1:x"})
        self.assertEqual(model.browse(self.credential.id).ciphertext, CIPHERTEXT)
        self.assertEqual(model.sidecar_replace_ciphertexts({"cred7": "v1:rotated"}), 1)
        self.assertEqual(model.browse(self.credential.id).ciphertext, "v1:rotated")

    def test_a_node_uses_one_credential_per_type(self):
        other = self.env["credentials"].with_user(self.sidecar).create({
            "name": "Other", "type": "httpHeaderAuth", "credential_id": "cred8", "ciphertext": CIPHERTEXT,
        })
        node = self.canvas.node_ids[1]
        node.credential_ids = self.credential
        self.assertEqual(node.credential_ids.mapped("name"), ["Shop API"])
        with self.assertRaises(UserError):
            node.credential_ids = self.credential | other
        with self.assertRaises(UserError):
            node.credential_refs = "[1]"
        node.credential_refs = json.dumps({"smtp": {"id": "9", "name": "Mail"}})

    def test_import_lists_unmatched_credentials(self):
        warning = 'node "Call": credentials "Gone" of type "httpBasicAuth" are not in Odoo: create them under that name'
        answer = sidecar_response(201, {"success": True, "data": {"canvasId": str(self.canvas.id), "warnings": [warning]}})
        wizard = self.env["ai_automator.import_wizard"].create({"workflow_json": json.dumps({"nodes": []})})
        with patch("requests.post", return_value=answer):
            action = wizard.action_import()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["message"], warning)
        self.assertEqual((action["params"]["next"]["res_model"], action["params"]["next"]["res_id"]), ("canvas", self.canvas.id))
