"""Set-based SQL for bulk ingestion: rows built once per call, one statement per table.

The ORM's create/write cost per record (defaults, computes, cache, one query per record for some
fields). Here values are converted with converters prepared once per call (selection values,
column types), written with one multi-row INSERT or UPDATE ... FROM (VALUES ...), and the record
rules are checked on the whole batch with one query per model, as `check_access` would.
"""
from odoo import fields
from odoo.exceptions import ValidationError
from odoo.osv import expression

# Written by the method itself, never taken from the caller.
MAGIC_COLUMNS = ("id", "create_uid", "create_date", "write_uid", "write_date")
# Types whose values are taken as they come once their Python type is right (the ORM's
# conversion would give the same value): the hot path of tens of thousands of values a second.
PLAIN_TYPES = {
    "char": (str,),
    "text": (str,),
    "integer": (int,),
    "float": (int, float),
    "many2one": (int,),
}


def duration_seconds(start, stop):
    if not start or not stop:
        return 0.0
    return (fields.Datetime.to_datetime(stop) - fields.Datetime.to_datetime(start)).total_seconds()


class RowWriter:
    """Converts values of one model to columns and writes them set-based, for one call."""

    def __init__(self, model, skipped=()):
        self.model = model
        self.env = model.env
        self.fields = {
            name: field for name, field in model._fields.items()
            if field.store and field.column_type and name not in skipped and name not in MAGIC_COLUMNS
        }
        self.selections = {
            name: set(field.get_values(self.env)) for name, field in self.fields.items() if field.type == "selection"
        }

    def check_names(self, values):
        unknown = set(values) - set(self.fields)
        if unknown:
            raise ValidationError(self.env._("Bulk ingestion: %s has no fields %s.", self.model._name, sorted(unknown)))

    def column_value(self, name, value, values):
        """One value as its column holds it; refuses what the ORM would refuse, naming the field."""
        field = self.fields[name]
        if value is None or value is False:
            if field.required and field.type != "boolean":
                raise ValidationError(self.env._("Bulk ingestion: %(model)s.%(field)s is required.", model=self.model._name, field=name))
            return False if field.type == "boolean" else None
        if field.type == "selection":
            if value not in self.selections[name]:
                raise ValidationError(self.env._(
                    "Bulk ingestion: %(value)r is not a valid %(model)s.%(field)s.", value=value, model=self.model._name, field=name,
                ))
            return value
        plain = PLAIN_TYPES.get(field.type)
        if plain and isinstance(value, plain) and not isinstance(value, bool):
            return value
        if field.type == "boolean":
            return bool(value)
        try:
            return field.convert_to_column(value, self.model, values)
        except (ValueError, TypeError) as error:
            raise ValidationError(self.env._(
                "Bulk ingestion: %(value)r is not a valid %(model)s.%(field)s (%(error)s).",
                value=value, model=self.model._name, field=name, error=error,
            )) from error

    def _stamp(self, columns):
        return list(columns) + ["write_uid", "write_date"]

    def insert(self, columns, rows, conflict_column=None):
        """One INSERT for all rows; answers `(id, conflict_column value)` pairs of the rows written.

        With `conflict_column`, a row whose value is already taken (by a concurrent call too: the
        unique constraint decides) is skipped instead of failing the whole batch.
        """
        names = ["create_uid", "create_date"] + self._stamp(columns)
        returning = f'id, "{conflict_column}"' if conflict_column else "id"
        conflict = f' ON CONFLICT ("{conflict_column}") DO NOTHING' if conflict_column else ""
        query = 'INSERT INTO "%s" (%s) VALUES %%s%s RETURNING %s' % (
            self.model._table, ", ".join(f'"{name}"' for name in names), conflict, returning,
        )
        uid, now = self.env.uid, self.env.cr.now()
        template = "(%s)" % ", ".join(["%s"] * len(names))
        self._execute(query, template, [(uid, now, *row, uid, now) for row in rows])
        # PostgreSQL answers RETURNING in the order of VALUES.
        return self.env.cr.fetchall()

    def update(self, columns, rows):
        """One UPDATE ... FROM (VALUES ...) for rows `(id, *values)` that set the same columns."""
        names = self._stamp(columns)
        casts = ", ".join(f"CAST(%s AS {self.fields[name].column_type[1]})" for name in columns)
        template = f"(%s, {casts}, %s, CAST(%s AS timestamp))" if columns else "(%s, %s, CAST(%s AS timestamp))"
        assignments = ", ".join(f'"{name}" = v."{name}"' for name in names)
        query = 'UPDATE "%s" AS t SET %s FROM (VALUES %%s) AS v(id, %s) WHERE t.id = v.id' % (
            self.model._table, assignments, ", ".join(f'"{name}"' for name in names),
        )
        uid, now = self.env.uid, self.env.cr.now()
        self._execute(query, template, [(*row, uid, now) for row in rows])

    def _execute(self, query, template, rows):
        """One statement for all rows, through Odoo's cursor (so its query count and time,
        and --log-level=debug_sql, see it): each row is quoted by psycopg2 as a parameter."""
        quote = self.env.cr._obj.mogrify
        values = ",".join(quote(template, row).decode() for row in rows)
        # A failing statement is raised, not logged: it would put the whole batch in the log.
        self.env.cr.execute(query.replace("%s", values, 1), log_exceptions=False)


def check_rules(records_model, operation, domain, expected):
    """Record rules of `operation` for the caller on the `expected` rows matching `domain`, with
    one query: the same domain `check_access` evaluates, run in SQL instead of in Python."""
    env = records_model.env
    if env.su or not expected:
        return
    rule_domain = env["ir.rule"]._compute_domain(records_model._name, operation)
    if not rule_domain:
        return
    allowed = records_model.sudo().search_count(expression.AND([domain, rule_domain]))
    if allowed == expected:
        return
    everything = records_model.sudo().search(domain)
    forbidden = everything - records_model.sudo().search(expression.AND([domain, rule_domain]))
    raise env["ir.rule"]._make_access_error(operation, forbidden.with_env(env))
