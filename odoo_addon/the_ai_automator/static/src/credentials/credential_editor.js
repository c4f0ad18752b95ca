/** @odoo-module **/
// AI Automator > Configuration > Credentials: the form a manager fills in, as n8n's credential
// dialog. Values go from these inputs straight to the sidecar (through the credentials model's
// sidecar_save, which stores nothing); afterwards a field only shows as set or unset, with a
// Replace action. Odoo never keeps a value, not even in a transient field.

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class CredentialEditor extends Component {
    static template = "the_ai_automator.CredentialEditor";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        const params = this.props.action.params || {};
        this.credentialId = params.credential_id || false;
        this.state = useState({
            types: [],
            name: "",
            type: "",
            // field name -> {secret, set, replacing, value}
            fields: [],
            saving: false,
            error: "",
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.types = await this.orm.call("credentials", "sidecar_types", []);
        if (this.credentialId) {
            const recordId = this.props.action.params.record_id;
            const description = await this.orm.call("credentials", "sidecar_describe", [[recordId]]);
            this.state.name = description.name;
            this.state.type = description.type;
            this.state.fields = description.fields.map((field) => ({
                ...this.fieldInfo(description.type, field.name),
                name: field.name,
                secret: field.secret,
                set: field.set,
                replacing: false,
                value: "",
            }));
        } else if (this.state.types.length) {
            this.selectType(this.state.types[0].type);
        }
    }

    fieldInfo(type, name) {
        const info = this.state.types.find((entry) => entry.type === type);
        const field = info && info.fields.find((entry) => entry.name === name);
        return { kind: field ? field.kind : "string", options: (field && field.options) || [] };
    }

    selectType(type) {
        this.state.type = type;
        const info = this.state.types.find((entry) => entry.type === type);
        this.state.fields = (info ? info.fields : []).map((field) => ({
            name: field.name,
            kind: field.kind,
            options: field.options || [],
            secret: field.secret,
            set: false,
            replacing: true,
            value: field.default === null || field.default === undefined ? "" : String(field.default),
        }));
    }

    onTypeChange(ev) {
        this.selectType(ev.target.value);
    }

    replace(field) {
        field.replacing = true;
        field.value = "";
    }

    keep(field) {
        field.replacing = false;
        field.value = "";
    }

    typedValue(field) {
        if (field.kind === "number") {
            const number = Number(field.value);
            return Number.isFinite(number) && field.value.trim() !== "" ? number : field.value;
        }
        if (field.kind === "boolean") {
            return field.value === "true";
        }
        if (field.kind === "json" && field.value.trim().startsWith("{")) {
            try {
                return JSON.parse(field.value);
            } catch {
                return field.value;
            }
        }
        return field.value;
    }

    collectData() {
        const data = {};
        for (const field of this.state.fields) {
            // A new credential sends every field; an existing one only the fields replaced.
            if (field.replacing && (field.value !== "" || !this.credentialId)) {
                data[field.name] = this.typedValue(field);
            }
        }
        return data;
    }

    async save() {
        this.state.error = "";
        if (!this.state.name.trim()) {
            this.state.error = _t("Give the credential a name.");
            return;
        }
        this.state.saving = true;
        try {
            const credentialId = await this.orm.call("credentials", "sidecar_save", [
                this.credentialId,
                { name: this.state.name, type: this.state.type, data: this.collectData() },
            ]);
            // Wipe what was typed: the values now exist only as the sidecar's ciphertext.
            for (const field of this.state.fields) {
                field.value = "";
            }
            this.notification.add(_t("Credential saved (encrypted by the sidecar)."), { type: "success" });
            await this.openRecord(credentialId);
        } catch (error) {
            this.state.error = (error.data && error.data.message) || error.message || String(error);
        } finally {
            this.state.saving = false;
        }
    }

    async remove() {
        const recordId = this.props.action.params.record_id;
        await this.orm.call("credentials", "sidecar_delete", [[recordId]]);
        this.notification.add(_t("Credential deleted."), { type: "success" });
        await this.action.doAction("the_ai_automator.action_credentials", { clearBreadcrumbs: true });
    }

    async openRecord(credentialId) {
        // A new request: the sidecar created the record in its own transaction.
        const ids = await this.orm.search("credentials", [["credential_id", "=", credentialId]], { limit: 1 });
        if (!ids.length) {
            await this.action.doAction("the_ai_automator.action_credentials", { clearBreadcrumbs: true });
            return;
        }
        await this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "credentials",
            res_id: ids[0],
            views: [[false, "form"]],
            target: "current",
        }, { clearBreadcrumbs: true });
    }

    cancel() {
        this.action.doAction("the_ai_automator.action_credentials", { clearBreadcrumbs: true });
    }
}

registry.category("actions").add("ai_automator_credential_editor", CredentialEditor);
