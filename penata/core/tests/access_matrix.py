"""The declared access matrix: every page URL name and API operation, and who may open it.

This is the specification the access tests hold the code to. A new URL or operation that is
not declared here fails ``test_every_url_is_declared``: decide who may use it, write it here.
"""

from __future__ import annotations

from penata.core.roles import Role

PUBLIC = "public"
ALL = frozenset(r.value for r in Role)
ADMIN = frozenset({Role.ADMINISTRATOR.value})
HR = frozenset({Role.ADMINISTRATOR.value, Role.BKPP.value})
# Everyone who is a civil servant (has an employee record) — not researchers or partners.
ASN = ALL - {Role.RESEARCHER.value, Role.PARTNER.value}
EMPLOYEE_EDITORS = HR | {Role.OPD_OPERATOR.value}
PERF_STATS = HR | {
    Role.OPD_OPERATOR.value,
    Role.TALENT_COMMITTEE.value,
    Role.POLICY_TEAM.value,
}
RATERS = HR | {Role.SUPERVISOR.value}
STATS = HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value, Role.POLICY_TEAM.value}

# url name -> PUBLIC or the set of roles allowed
PAGES: dict[str, str | frozenset[str]] = {
    "core:dashboard": ALL,
    "core:login": PUBLIC,
    "core:logout": ALL,
    "core:profile": ALL,
    "core:token_revoke": ALL,
    "core:password_change": ALL,
    "core:password_change_done": ALL,
    "core:password_reset": PUBLIC,
    "core:password_reset_done": PUBLIC,
    "core:password_reset_confirm": PUBLIC,
    "core:password_reset_complete": PUBLIC,
    "core:audit_list": ADMIN,
    "core:audit_export": ADMIN,
    "core:audit_detail": ADMIN,
    "core:task_detail": ALL,
    "core:task_download": ALL,
    "core:healthz": PUBLIC,
    "set_language": PUBLIC,
    "workforce:employee_list": ASN,
    "workforce:employee_export": EMPLOYEE_EDITORS,
    "workforce:employee_detail": ASN,
    "workforce:employee_edit": EMPLOYEE_EDITORS,
    "workforce:employee_reveal": EMPLOYEE_EDITORS,
    "workforce:dashboard": STATS,
    "workforce:org_unit_list": ASN,
    "workforce:roster_upload": HR,
    "workforce:roster_detail": HR,
    "workforce:roster_confirm": HR,
    "workforce:roster_errors": HR,
    "workforce:roster_template": HR,
    "performance:my_skp": ASN,
    "performance:team": RATERS,
    "performance:rate": RATERS,
    "performance:objection_decide": RATERS,
    "performance:curve": RATERS,
    "performance:distribution": PERF_STATS,
    "performance:history": ASN,
    "performance:periods": HR,
    "performance:ekinerja_upload": HR,
    "performance:ekinerja_detail": HR,
    "performance:ekinerja_confirm": HR,
    "performance:ekinerja_errors": HR,
}

# (method, openapi path) -> PUBLIC or the set of roles allowed
API: dict[tuple[str, str], str | frozenset[str]] = {
    ("get", "/api/v1/me"): ALL,
    ("get", "/api/v1/audit"): ADMIN,
    ("get", "/api/v1/tasks/{progress_id}"): ALL,
    ("get", "/api/v1/employees"): ASN,
    ("get", "/api/v1/employees/{employee_id}"): ASN,
    ("get", "/api/v1/org-units"): ASN,
    ("get", "/api/v1/positions"): ASN,
    ("get", "/api/v1/ranks"): ASN,
    ("get", "/api/v1/performance/periods"): ASN,
    ("get", "/api/v1/performance/appraisals"): ASN,
    ("get", "/api/v1/performance/appraisals/{appraisal_id}"): ASN,
    ("get", "/api/v1/performance/employees/{employee_id}/predikat"): ASN,
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/submit"): ASN,
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/rate"): RATERS,
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/objection"): ASN,
    ("post", "/api/v1/performance/periods/{period_id}/opds/{opd_id}/finalise"): HR,
}

_BEHAVIOURS = dict.fromkeys(
    (
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    ),
    "sesuai",
)
# (method, openapi path) -> a minimal valid JSON body for every operation that writes, so a
# denied role is refused by the permission check (403), not by input validation (422).
SAMPLE_BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/submit"): {},
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/rate"): {
        "hasil_kerja": "sesuai",
        "behaviours": _BEHAVIOURS,
        "version": 1,
    },
    ("post", "/api/v1/performance/appraisals/{appraisal_id}/objection"): {
        "reason": "Nilai tidak sesuai realisasi."
    },
    ("post", "/api/v1/performance/periods/{period_id}/opds/{opd_id}/finalise"): {},
}
