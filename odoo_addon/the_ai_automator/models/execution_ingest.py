"""Bulk ingestion of executions and their node runs, for the sidecar under load.

The ORM's create/write cost per record (defaults, computes, cache, tracking); for thousands of
executions a second the sidecar sends a batch here and it is written with one statement per
table (ingest_batch: new executions; update_batch: state changes of executions Odoo has).
Everything the ORM would enforce for this caller is checked: group, model access, record rules
(company) on the whole batch, required fields and selection values. What the sidecar sends
(durations) is not recomputed; what it cannot send (the company, from the workflow) is derived.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError, MissingError, ValidationError

from .executions import _stage
from .ingest_sql import RowWriter, check_rules, duration_seconds

SIDECAR_GROUP = "the_ai_automator.group_ai_automator_sidecar"
LOG_COMMAND_CREATE = 0
LOG_COMMAND_CLEAR = 5
# Derived here from other values (see _derived_fields); other stored computes go to the ORM.
DERIVED_FIELDS = ("company_id", "duration")


class ExecutionIngest(models.Model):
    _inherit = "executions"

    @api.model
    def ingest_batch(self, batch):
        """Create the executions of `batch` that are not in Odoo yet, with their node runs.

        `batch`: a list of `executions` values as `create` takes them, node runs as
        `execution_log_ids: [[0, 0, values], ...]`. Answers one `{"id", "created"}` per entry, in
        order: an execution_id already in Odoo (or earlier in the batch, or written meanwhile by a
        concurrent call) is not written again, its id is answered with created=False. One bus
        notification for the whole batch.
        """
        self._ingest_check_caller("create")
        if not batch:
            return []
        self.env.flush_all()
        execution_ids = [self._ingest_text(entry, "execution_id") for entry in batch]
        self.env.cr.execute("SELECT execution_id, id FROM executions WHERE execution_id = ANY(%s)", [execution_ids])
        known = dict(self.env.cr.fetchall())
        fresh, seen = [], set(known)
        for execution_id, entry in zip(execution_ids, batch):
            if execution_id not in seen:
                seen.add(execution_id)
                fresh.append(entry)
        created = {}
        if fresh:
            created, taken = self._ingest_new(fresh)
            known.update(taken)
            known.update(created)
        answer, answered = [], set()
        for execution_id in execution_ids:
            answer.append({"id": known[execution_id], "created": execution_id in created and execution_id not in answered})
            answered.add(execution_id)
        return answer

    @api.model
    def update_batch(self, updates):
        """Write many executions Odoo already has, as `write` would, in a few statements.

        `updates`: `[[id, values], ...]`, values as `write` takes them; node runs as
        `execution_log_ids` commands `[5, 0, 0]` (remove the execution's runs) and
        `[0, 0, values]` (add one). Answers True. One bus notification for the whole batch.
        As `write` does, an update taking an execution back to an earlier stage (a late
        `queued` after its end, a dead worker's `running` after `crashed`) is stale: skipped.
        """
        self._ingest_check_caller("write")
        if not updates:
            return True
        self.env.flush_all()
        by_id = self._update_entries(updates)
        ids = list(by_id)
        self.env.cr.execute("SELECT id, canvas_id, started_at, stopped_at, status FROM executions WHERE id = ANY(%s)", [ids])
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        missing = [record_id for record_id in ids if record_id not in rows]
        if missing:
            raise MissingError(_("Bulk update: executions %s do not exist (any more).", missing))
        check_rules(self, "write", [("id", "in", ids)], len(ids))
        current = {record_id: row[:3] for record_id, row in rows.items()}
        for record_id in ids:
            status = by_id[record_id].get("status")
            if status and _stage(rows[record_id][3]) > _stage(status):
                del by_id[record_id]
        ids = list(by_id)
        if not ids:
            return True
        Logs = self.env["execution_logs"]
        cleared, appended = [], []
        writer = RowWriter(self, skipped=("execution_log_ids",))
        groups = {}
        canvas_ids = {canvas_id for canvas_id, _start, _stop in current.values()}
        assigned = set()
        for record_id, values in by_id.items():
            values = dict(values)
            for command in values.pop("execution_log_ids", None) or []:
                if isinstance(command, (list, tuple)) and command and command[0] == LOG_COMMAND_CLEAR:
                    cleared.append(record_id)
                else:
                    appended.append((record_id, self._log_values(command, record_id)))
            writer.check_names(values)
            if "canvas_id" in values:
                if not isinstance(values["canvas_id"], int) or isinstance(values["canvas_id"], bool):
                    raise ValidationError(_("Bulk update: execution %s: canvas_id must be a workflow id.", record_id))
                assigned.add(values["canvas_id"])
            groups.setdefault(tuple(sorted(values)), []).append((record_id, values))
        company_of = self._ingest_companies(canvas_ids, assigned)
        canvas_ids |= assigned
        for names, entries in groups.items():
            columns = list(names)
            if "canvas_id" in names:
                columns.append("company_id")
            if ("started_at" in names or "stopped_at" in names) and "duration" not in names:
                columns.append("duration")
            rows = []
            for record_id, values in entries:
                canvas_id, started_at, stopped_at = current[record_id]
                if "company_id" in columns and "company_id" not in names:
                    values["company_id"] = company_of[values["canvas_id"]]
                if "duration" in columns and "duration" not in names:
                    values["duration"] = duration_seconds(values.get("started_at", started_at), values.get("stopped_at", stopped_at))
                rows.append((record_id, *(writer.column_value(name, values.get(name), values) for name in columns)))
            writer.update(columns, rows)
        if cleared:
            self._clear_logs(cleared)
        if appended:
            canvas_of = {record_id: by_id[record_id].get("canvas_id", current[record_id][0]) for record_id, _values in appended}
            self._insert_logs(appended, {record_id: company_of[canvas_of[record_id]] for record_id in canvas_of})
        self._ingest_done(ids, canvas_ids)
        return True

    # The caller and the batch

    def _ingest_check_caller(self, operation):
        if not self.env.su and not self.env.user.has_group(SIDECAR_GROUP):
            raise AccessError(_("Only the sidecar's user may ingest executions in bulk."))
        self.browse().check_access(operation)
        self.env["execution_logs"].browse().check_access("create")

    def _ingest_text(self, entry, name):
        value = entry.get(name) if isinstance(entry, dict) else None
        if not value or not isinstance(value, str):
            raise ValidationError(_("Bulk ingestion: every execution needs a %s.", name))
        return value

    def _update_entries(self, updates):
        by_id = {}
        for update in updates:
            if not (isinstance(update, (list, tuple)) and len(update) == 2 and isinstance(update[0], int) and isinstance(update[1], dict)):
                raise ValidationError(_("Bulk update: every update must be [id, values], not %r.", update))
            if update[0] in by_id:
                raise ValidationError(_("Bulk update: execution %s appears twice in one batch.", update[0]))
            by_id[update[0]] = update[1]
        return by_id

    def _ingest_companies(self, canvas_ids, assigned):
        """The company of each workflow: executions take their workflow's (a related field,
        computed as superuser by the ORM too); workflows `assigned` to executions must exist and
        be readable by the caller."""
        if not all(isinstance(canvas_id, int) and not isinstance(canvas_id, bool) for canvas_id in assigned):
            raise ValidationError(_("Bulk ingestion: canvas_id must be a workflow id, not %s.", sorted(map(repr, assigned))))
        all_ids = sorted(set(canvas_ids) | set(assigned))
        if not all_ids:
            return {}
        # Only the company column: browsing would fetch every column of the workflows.
        self.env["canvas"].flush_model(["company_id"])
        self.env.cr.execute("SELECT id, company_id FROM canvas WHERE id = ANY(%s)", [all_ids])
        company_of = dict(self.env.cr.fetchall())
        unknown = sorted(set(assigned) - set(company_of))
        if unknown:
            raise ValidationError(_("Bulk ingestion: unknown workflow ids %s.", unknown))
        Canvas = self.env["canvas"]
        Canvas.browse().check_access("read")
        check_rules(Canvas, "read", [("id", "in", sorted(assigned))], len(assigned))
        return company_of

    # Writing

    def _ingest_new(self, entries):
        """Inserts the executions, then the node runs of those actually inserted; answers
        ({execution_id: id} inserted here, {execution_id: id} taken meanwhile by a concurrent call)."""
        canvas_ids = set()
        for entry in entries:
            if not isinstance(entry.get("canvas_id"), int):
                raise ValidationError(_("Bulk ingestion: execution %s has no canvas_id.", entry.get("execution_id")))
            canvas_ids.add(entry["canvas_id"])
        company_of = self._ingest_companies((), canvas_ids)
        writer = RowWriter(self, skipped=("execution_log_ids",))
        defaults = self._ingest_defaults(writer)
        columns = list(writer.fields)
        rows, logs_of = [], {}
        for entry in entries:
            values = {**defaults, **entry}
            logs_of[entry["execution_id"]] = values.pop("execution_log_ids", None) or []
            writer.check_names(values)
            if "duration" not in values:
                values["duration"] = duration_seconds(values.get("started_at"), values.get("stopped_at"))
            values["company_id"] = company_of[values["canvas_id"]]
            rows.append(tuple(writer.column_value(name, values.get(name), values) for name in columns))
        inserted = dict((execution_id, record_id) for record_id, execution_id in writer.insert(columns, rows, "execution_id"))
        taken = {}
        skipped = [entry["execution_id"] for entry in entries if entry["execution_id"] not in inserted]
        if skipped:
            # Written by a concurrent call between our look-up and our insert: answered as known.
            self.env.cr.execute("SELECT execution_id, id FROM executions WHERE execution_id = ANY(%s)", [skipped])
            taken.update(self.env.cr.fetchall())
        new_ids = list(inserted.values())
        self._ingest_stored_computes(writer, new_ids)
        check_rules(self, "create", [("id", "in", new_ids)], len(new_ids))
        appended = []
        for execution_id, record_id in inserted.items():
            for command in logs_of[execution_id]:
                if not (isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == LOG_COMMAND_CREATE and isinstance(command[2], dict)):
                    raise ValidationError(_("Bulk ingestion: execution %s: node runs must be [0, 0, values] commands.", execution_id))
                appended.append((record_id, command[2]))
        if appended:
            companies = {record_id: company_of[entry["canvas_id"]] for entry in entries if (record_id := inserted.get(entry["execution_id"]))}
            self._insert_logs(appended, companies)
        self._ingest_done(new_ids, canvas_ids)
        return inserted, taken

    def _log_values(self, command, execution_record_id):
        if not (isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == LOG_COMMAND_CREATE and isinstance(command[2], dict)):
            raise ValidationError(_("Bulk update: execution %s: node runs must be [0, 0, values] or [5, 0, 0] commands.", execution_record_id))
        return command[2]

    def _insert_logs(self, appended, company_of_execution):
        Logs = self.env["execution_logs"]
        writer = RowWriter(Logs)
        defaults = self._ingest_defaults(writer)
        columns = list(writer.fields)
        rows = []
        for record_id, log in appended:
            values = {**defaults, **log}
            writer.check_names(values)
            if "duration" not in values:
                values["duration"] = duration_seconds(values.get("started_at"), values.get("finished_at")) * 1000
            values["execution_id"] = record_id
            values["company_id"] = company_of_execution[record_id]
            rows.append(tuple(writer.column_value(name, values.get(name), values) for name in columns))
        log_ids = [row[0] for row in writer.insert(columns, rows)]
        self._ingest_stored_computes(writer, log_ids)
        check_rules(Logs, "create", [("id", "in", log_ids)], len(log_ids))

    def _clear_logs(self, execution_ids):
        Logs = self.env["execution_logs"]
        Logs.browse().check_access("unlink")
        self.env.cr.execute("SELECT count(*) FROM execution_logs WHERE execution_id = ANY(%s)", [execution_ids])
        count = self.env.cr.fetchone()[0]
        check_rules(Logs, "unlink", [("execution_id", "in", execution_ids)], count)
        self.env.cr.execute("DELETE FROM execution_logs WHERE execution_id = ANY(%s)", [execution_ids])

    def _ingest_defaults(self, writer):
        """The model's defaults (ir.default included) for what a caller may leave out, read
        once per call; derived fields are not defaults."""
        names = [name for name, field in writer.fields.items() if field.default and name not in DERIVED_FIELDS]
        return writer.model.default_get(names)

    def _ingest_stored_computes(self, writer, record_ids):
        """Stored computed fields this method does not derive itself are left to the ORM."""
        others = [field for name, field in writer.fields.items() if field.compute and name not in DERIVED_FIELDS]
        if not others or not record_ids:
            return
        records = writer.model.browse(record_ids)
        for field in others:
            self.env.add_to_compute(field, records)
        records.flush_recordset()

    def _ingest_done(self, execution_ids, canvas_ids):
        # Raw SQL bypassed the ORM: drop what it may hold about these models.
        self.env.invalidate_all()
        if execution_ids:
            self._send_changed_notification(list(execution_ids), sorted(canvas_ids))
