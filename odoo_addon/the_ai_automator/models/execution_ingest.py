"""Bulk ingestion of executions and their node runs, for the sidecar under load.

The ORM's create costs per record (defaults, computes, cache, tracking); for thousands of
executions a second the sidecar sends a batch here and it is written with one INSERT per
table. Everything the ORM would enforce for this caller is checked: group, model access,
record rules (company), required fields and selection values.
"""
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

SIDECAR_GROUP = "the_ai_automator.group_ai_automator_sidecar"
LOG_COMMAND_CREATE = 0


def _duration_seconds(start, stop):
    if not start or not stop:
        return 0.0
    return (fields.Datetime.to_datetime(stop) - fields.Datetime.to_datetime(start)).total_seconds()


class ExecutionIngest(models.Model):
    _inherit = "executions"

    @api.model
    def ingest_batch(self, batch):
        """Create the executions of `batch` that are not in Odoo yet, with their node runs.

        `batch`: a list of `executions` values as `create` takes them, node runs as
        `execution_log_ids: [[0, 0, values], ...]`. Answers one `{"id", "created"}` per entry, in
        order: an execution_id already in Odoo (or earlier in the batch) is not written again,
        its id is answered with created=False. One bus notification for the whole batch.
        """
        if not self.env.su and not self.env.user.has_group(SIDECAR_GROUP):
            raise AccessError(_("Only the sidecar's user may ingest executions in bulk."))
        Logs = self.env["execution_logs"]
        self.browse().check_access("create")
        Logs.browse().check_access("create")
        if not batch:
            return []
        self.env.flush_all()
        execution_ids = [self._ingest_text(entry, "execution_id") for entry in batch]
        self.env.cr.execute(
            "SELECT execution_id, id FROM executions WHERE execution_id = ANY(%s)", [execution_ids]
        )
        known = dict(self.env.cr.fetchall())
        fresh, answer_slots = [], []
        for index, entry in enumerate(batch):
            execution_id = execution_ids[index]
            if execution_id in known or any(e["execution_id"] == execution_id for e in fresh):
                answer_slots.append(("known", execution_id))
                continue
            answer_slots.append(("new", len(fresh)))
            fresh.append(entry)
        new_ids = self._ingest_rows(fresh) if fresh else []
        created = self.browse(new_ids)
        by_execution_id = dict(zip((e["execution_id"] for e in fresh), new_ids))
        answer = []
        for kind, ref in answer_slots:
            if kind == "new":
                answer.append({"id": new_ids[ref], "created": True})
            else:
                answer.append({"id": known.get(ref) or by_execution_id[ref], "created": False})
        if created:
            self._send_changed_notification(created.ids, created.canvas_id.ids)
        return answer

    def _ingest_text(self, entry, name):
        value = entry.get(name)
        if not value or not isinstance(value, str):
            raise ValidationError(_("Bulk ingestion: every execution needs a %s.", name))
        return value

    def _ingest_rows(self, entries):
        now = self.env.cr.now()
        uid = self.env.uid
        canvas_ids = set()
        for entry in entries:
            if not isinstance(entry.get("canvas_id"), int):
                raise ValidationError(_("Bulk ingestion: execution %s has no canvas_id.", entry.get("execution_id")))
            canvas_ids.add(entry["canvas_id"])
        canvases = self.env["canvas"].browse(sorted(canvas_ids)).exists()
        if len(canvases) != len(canvas_ids):
            raise ValidationError(_("Bulk ingestion: unknown workflow ids %s.", sorted(canvas_ids - set(canvases.ids))))
        canvases.check_access("read")
        company_of = {canvas.id: canvas.company_id.id or None for canvas in canvases}

        columns, log_entries = self._ingest_columns(self, ("execution_log_ids",)), []
        rows = []
        for entry in entries:
            values = {"mode": "manual", "status": "running", "finished": False, "started_at": now, **entry}
            logs = values.pop("execution_log_ids", None) or []
            if "duration" not in values:
                values["duration"] = _duration_seconds(values.get("started_at"), values.get("stopped_at"))
            values["company_id"] = company_of[values["canvas_id"]]
            rows.append(self._ingest_row(self, columns, values, now, uid))
            log_entries.append(logs)
        new_ids = self._ingest_insert(self._table, columns, rows)

        Logs = self.env["execution_logs"]
        log_columns = self._ingest_columns(Logs, ())
        log_rows = []
        for execution_id, logs, entry in zip(new_ids, log_entries, entries):
            for command in logs:
                if not (isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == LOG_COMMAND_CREATE):
                    raise ValidationError(_("Bulk ingestion: execution %s: node runs must be [0, 0, values] commands.", entry["execution_id"]))
                values = {"sequence": 0, "run_index": 0, "started_at": now, **command[2]}
                if "duration" not in values:
                    values["duration"] = _duration_seconds(values.get("started_at"), values.get("finished_at")) * 1000
                values["execution_id"] = execution_id
                values["company_id"] = company_of[entry["canvas_id"]]
                log_rows.append(self._ingest_row(Logs, log_columns, values, now, uid))
        log_ids = self._ingest_insert(Logs._table, log_columns, log_rows) if log_rows else []

        # Raw SQL bypassed the ORM: drop what it may hold, then check rules on the real rows
        # (a company the user may not write for fails here and the transaction rolls back).
        self.env.invalidate_all()
        self.browse(new_ids).check_access("create")
        Logs.browse(log_ids).check_access("create")
        return new_ids

    @staticmethod
    def _ingest_columns(model, skipped):
        names = [
            name for name, field in model._fields.items()
            if field.store and field.column_type and name not in skipped and name != "id"
        ]
        return names

    @staticmethod
    def _ingest_row(model, columns, values, now, uid):
        unknown = set(values) - set(columns)
        if unknown:
            raise ValidationError(model.env._("Bulk ingestion: %s has no fields %s.", model._name, sorted(unknown)))
        values.update(create_uid=uid, write_uid=uid, create_date=now, write_date=now)
        row = []
        for name in columns:
            field = model._fields[name]
            value = values.get(name)
            if field.type == "selection" and value is not None and value not in dict(field._description_selection(model.env)):
                raise ValidationError(model.env._("Bulk ingestion: %(value)r is not a valid %(model)s.%(field)s.", value=value, model=model._name, field=name))
            if field.required and (value is None or value is False) and field.type != "boolean":
                raise ValidationError(model.env._("Bulk ingestion: %(model)s.%(field)s is required.", model=model._name, field=name))
            row.append(field.convert_to_column(value, model, values) if value is not None else None)
        return row

    def _ingest_insert(self, table, columns, rows):
        query = 'INSERT INTO "%s" (%s) VALUES %%s RETURNING id' % (table, ", ".join('"%s"' % c for c in columns))
        # One statement for the whole list; PostgreSQL returns the ids in the order of VALUES.
        result = execute_values(self.env.cr._obj, query, rows, page_size=len(rows), fetch=True)
        return [row[0] for row in result]
