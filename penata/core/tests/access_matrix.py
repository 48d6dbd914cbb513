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
TALENT_MAP = HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value}
TALENT_ALL = HR | {Role.TALENT_COMMITTEE.value}

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
    # --- learning: ledger (D) ---
    "learning:ledger_own": ASN,
    "learning:ledger_employee": ASN,
    "learning:ledger_register": ASN,
    "learning:ledger_opd": STATS,
    "learning:ledger_at_risk": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    "learning:ledger_at_risk_export": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    # --- learning: competency & gaps (B) ---
    "learning:competency_list": ASN,
    "learning:competency_detail": ASN,
    "learning:competency_create": HR,
    "learning:competency_edit": HR,
    "learning:standard_list": HR,
    "learning:standard_edit": HR,
    "learning:standard_family": HR,
    "learning:assessment_list": HR | {Role.OPD_OPERATOR.value, Role.SUPERVISOR.value},
    "learning:assessment_create": HR | {Role.OPD_OPERATOR.value, Role.SUPERVISOR.value},
    "learning:assessment_revoke": HR | {Role.OPD_OPERATOR.value, Role.SUPERVISOR.value},
    "learning:assessment_import_upload": HR,
    "learning:assessment_import_template": HR,
    "learning:assessment_import_detail": HR,
    "learning:assessment_import_confirm": HR,
    "learning:assessment_import_errors": HR,
    "learning:gaps_heatmap": STATS,
    "learning:gaps_people": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    "learning:gaps_tna": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    "learning:gaps_tna_xlsx": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    "learning:gaps_tna_pdf": HR | {Role.OPD_OPERATOR.value, Role.TALENT_COMMITTEE.value},
    # --- learning: training (C) ---
    "learning:catalogue": ASN,
    "learning:my_enrolments": ASN,
    "learning:program_list": ASN,
    "learning:program_detail": ASN,
    "learning:program_create": HR,
    "learning:program_edit": HR,
    "learning:session_create": HR,
    "learning:session_detail": ASN,
    "learning:session_edit": HR,
    "learning:session_status": HR,
    "learning:session_register": ASN,
    "learning:session_nominate": HR | {Role.OPD_OPERATOR.value},
    "learning:session_bulk_approve": HR,
    "learning:enrolment_action": HR,
    "learning:attendance_mark": HR,
    "learning:enrolment_cancel_own": ASN,
    "learning:certificate_download": ASN,
    "learning:evaluation": ASN,
    "learning:external_own": ASN,
    "learning:external_queue": HR,
    "learning:external_decide": HR,
    "learning:external_file": ASN,
    "learning:certificate_verify": PUBLIC,
    # --- learning: seat allocation (A) ---
    "learning:allocation_list": HR,
    "learning:allocation_create": HR,
    "learning:allocation_detail": HR,
    "learning:allocation_apply": HR,
    "learning:allocation_discard": HR,
    "learning:allocation_choice_remove": HR,
    "learning:allocation_export": HR,
    # --- talent ---
    "talent:map": TALENT_MAP,
    "talent:box_people": TALENT_MAP,
    "talent:box_people_export": TALENT_MAP,
    "talent:map_compute": HR,
    "talent:my_box": ASN,
    "talent:employee_history": ASN,
    "talent:potential_list": TALENT_MAP,
    "talent:settings": HR,
    "talent:potential_import_upload": HR,
    "talent:potential_import_template": HR,
    "talent:potential_import_detail": HR,
    "talent:potential_import_confirm": HR,
    "talent:potential_import_errors": HR,
    "talent:vacancy_list": TALENT_ALL,
    "talent:vacancy_create": HR,
    "talent:vacancy_detail": TALENT_ALL,
    "talent:vacancy_rank": HR,
    "talent:vacancy_decide": frozenset({Role.TALENT_COMMITTEE.value}),
    "talent:vacancy_xlsx": TALENT_ALL,
    "talent:vacancy_pdf": TALENT_ALL,
    "talent:candidate_detail": TALENT_ALL,
    "talent:succession": TALENT_ALL,
    "talent:succession_compute": HR,
    "talent:succession_position": TALENT_ALL,
    "talent:regular_promotion": TALENT_ALL,
    "talent:regular_promotion_xlsx": TALENT_ALL,
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
    # --- learning: training + ledger (D) ---
    ("get", "/api/v1/learning/programs"): ASN,
    ("get", "/api/v1/learning/programs/{program_id}"): ASN,
    ("get", "/api/v1/learning/sessions"): ASN,
    ("get", "/api/v1/learning/sessions/{session_id}"): ASN,
    ("get", "/api/v1/learning/enrolments"): ASN,
    ("post", "/api/v1/learning/sessions/{session_id}/register"): ASN,
    ("post", "/api/v1/learning/sessions/{session_id}/nominate"): HR | {Role.OPD_OPERATOR.value},
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/approve"): HR,
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/reject"): HR,
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/cancel"): ASN,
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/complete"): HR,
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/not-complete"): HR,
    ("get", "/api/v1/learning/ledger/me"): ASN,
    ("get", "/api/v1/learning/employees/{employee_id}/ledger"): ASN,
    ("get", "/api/v1/learning/ledger/opd"): STATS,
    # --- learning: competency & gaps (B) ---
    ("get", "/api/v1/learning/competencies"): ASN,
    ("get", "/api/v1/learning/standards"): ASN,
    ("get", "/api/v1/learning/employees/{employee_id}/gaps"): ASN,
    ("get", "/api/v1/learning/gaps/opd"): STATS,
    ("post", "/api/v1/learning/assessments"): HR | {Role.OPD_OPERATOR.value, Role.SUPERVISOR.value},
    # --- talent ---
    ("get", "/api/v1/talent/periods/{period_id}/map"): TALENT_MAP,
    ("get", "/api/v1/talent/periods/{period_id}/boxes"): TALENT_MAP,
    ("get", "/api/v1/talent/employees/{employee_id}/boxes"): ASN,
    ("get", "/api/v1/talent/vacancies/{vacancy_id}/ranking"): TALENT_ALL,
    ("get", "/api/v1/talent/periods/{period_id}/succession"): TALENT_ALL,
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
    # --- learning: competency & gaps (B) ---
    ("post", "/api/v1/learning/assessments"): {
        "employee_id": 1,
        "competency": "literasi_digital",
        "level": 3,
        "source": "supervisor",
        "assessed_on": "2026-01-15",
    },
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
    # --- learning: training + ledger (D) ---
    ("post", "/api/v1/learning/sessions/{session_id}/register"): {},
    ("post", "/api/v1/learning/sessions/{session_id}/nominate"): {"employee_id": 1},
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/approve"): {"version": 1},
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/reject"): {
        "version": 1,
        "reason": "Kuota OPD sudah terpenuhi.",
    },
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/cancel"): {"version": 1},
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/complete"): {"version": 1, "score": 85},
    ("post", "/api/v1/learning/enrolments/{enrolment_id}/not-complete"): {
        "version": 1,
        "reason": "Tidak hadir.",
    },
}
