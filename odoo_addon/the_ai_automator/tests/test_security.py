from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AutomatorCase


@tagged("post_install", "-at_install")
class TestSecurity(AutomatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "automator_user", groups="the_ai_automator.group_ai_automator_user")
        cls.manager = new_test_user(cls.env, "automator_manager", groups="the_ai_automator.group_ai_automator_manager")
        cls.sidecar = new_test_user(
            cls.env, "automator_sidecar", groups="base.group_user,the_ai_automator.group_ai_automator_sidecar"
        )

    def test_user_reads_but_does_not_write(self):
        execution = self._execution()
        self.assertEqual(self.canvas.with_user(self.user).name, "Test Workflow")
        self.assertEqual(execution.with_user(self.user).status, "error")
        with self.assertRaises(AccessError):
            execution.with_user(self.user).write({"status": "success"})
        with self.assertRaises(AccessError):
            self.canvas.with_user(self.user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["canvas"].with_user(self.user).create({"name": "Mine"})

    def test_manager_edits_workflows_not_executions(self):
        canvas = self.env["canvas"].with_user(self.manager).create({"name": "Managed"})
        self.env["nodes"].with_user(self.manager).create({"name": "N", "type": "set", "canvas_id": canvas.id})
        execution = self._execution()
        with self.assertRaises(AccessError):
            execution.with_user(self.manager).write({"status": "success"})
        execution.with_user(self.manager).unlink()
        self.assertFalse(execution.exists())

    def test_sidecar_writes_what_it_needs(self):
        env = self.env(user=self.sidecar)
        canvas = env["canvas"].browse(self.canvas.id)
        self.assertEqual(canvas.node_ids.mapped("name"), ["Manual Trigger", "Set Node"])
        canvas.write({"active_workflow": True, "activated_at": "2025-10-01 12:00:00"})
        execution = env["executions"].create({
            "execution_id": "sidecar-1", "canvas_id": canvas.id, "status": "running",
            "execution_log_ids": [(0, 0, {"node_name": "Manual Trigger", "status": "success",
                                          "started_at": "2025-10-01 12:00:00"})],
        })
        execution.write({"status": "success", "finished": True})
        imported = env["canvas"].create({"name": "Imported", "node_ids": [(0, 0, {"name": "A", "type": "set"})]})
        self.assertEqual(imported.node_ids.name, "A")
        with self.assertRaises(AccessError):
            canvas.unlink()

    def test_other_company_is_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_canvas = self.env["canvas"].create({"name": "Other's", "company_id": other_company.id})
        self._execution(execution_id="other-1", canvas_id=other_canvas.id)
        visible = self.env["canvas"].with_user(self.user).search([])
        self.assertIn(self.canvas, visible)
        self.assertNotIn(other_canvas, visible)
        self.assertFalse(self.env["executions"].with_user(self.user).search([("execution_id", "=", "other-1")]))
