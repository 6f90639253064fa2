"""Who calls each write operation of the API in the write-endpoint fuzz test
(``test_write_fuzz.py``): the account (or bearer token) that may reach it, and how to fill
its path with something that exists. An operation of the OpenAPI document without an entry
here fails that test, so a new endpoint is fuzzed too."""

from __future__ import annotations

from .write_fuzz_support import Caller

GATE = "ot_demo0001_metro-gate-token-for-the-demo-city-only"
NO_DEVICE = "dv_a-device-token-no-device-of-the-demo-city-has"
NO_GATE = "pg_a-gate-token-no-parking-gate-of-the-demo-city-has"
NONSENSE = "0"  # a path id nothing has


def _first(model_path: str, attribute: str, **filters):
    def value():
        from django.apps import apps

        model = apps.get_model(model_path)
        return getattr(model.objects.filter(**filters).order_by("pk").first(), attribute)

    return value


def _hudai_person():
    from onething.core.models import Person

    return Person.objects.filter(region__code="320211102").order_by("pk").first().pk


# The account that calls each write operation (by operationId), and how to fill its path.
CALLERS: dict[str, Caller] = {
    # core
    "onething_core_api_register_person": Caller("clerk.hudai"),
    "onething_core_api_lookup_person": Caller("clerk.hudai"),
    "onething_core_api_reveal_person_field": Caller(
        "clerk.hudai", path={"person_id": _hudai_person}
    ),
    "onething_core_api_register_enterprise": Caller("clerk.hudai"),
    "onething_core_api_calendar_schedule_enter": Caller("supervisor"),
    "onething_core_api_calendar_schedule_import": Caller("supervisor"),
    "onething_catalog_api_import_catalogue": Caller("admin"),
    # cases
    "onething_cases_api_upload_material": Caller("zhangwei"),
    "onething_cases_api_submit_case": Caller("zhangwei"),
    "onething_cases_api_window_intake": Caller("clerk.hudai"),
    "onething_cases_api_accept": Caller("clerk.hudai"),
    "onething_cases_api_decline": Caller("clerk.hudai"),
    "onething_cases_api_request_correction": Caller("officer.hudai"),
    "onething_cases_api_submit_correction": Caller("zhangwei"),
    "onething_cases_api_conclude": Caller("officer.hudai"),
    "onething_cases_api_withdraw": Caller("zhangwei"),
    "onething_cases_api_hand_over": Caller("clerk.hudai"),
    "onething_cases_api_reveal_form_answer": Caller("clerk.hudai"),
    "onething_cases_api_rate": Caller("zhangwei"),
    "onething_cases_api_close_rectification": Caller("supervisor"),
    "onething_cases_api_urges_issue_urge": Caller("supervisor"),
    "onething_cases_api_urges_answer_urge": Caller("officer.hudai"),
    "onething_cases_api_urges_close_urge": Caller("supervisor"),
    # cross-region
    "onething_crossregion_api_start": Caller("clerk.hudai"),
    "onething_crossregion_api_window_intake": Caller("clerk.hudai"),
    "onething_crossregion_api_online": Caller("zhangwei"),
    "onething_crossregion_api_decide_part": Caller("officer.xueyan"),
    "onething_crossregion_api_prepare_handoff": Caller("clerk.hudai"),
    "onething_crossregion_api_send_handoff": Caller("clerk.hudai"),
    "onething_crossregion_api_receive_handoff": Caller("clerk.xueyan"),
    "onething_crossregion_api_ask_check": Caller("officer.hudai"),
    "onething_crossregion_api_answer_check": Caller("officer.xueyan"),
    "onething_crossregion_api_reveal_check_subject": Caller("officer.xueyan"),
    # one-things (bundles)
    "onething_bundles_api_save_bundle": Caller(
        "admin", path={"code": _first("bundles.Bundle", "code")}
    ),
    "onething_bundles_api_submit_run": Caller("qiye.chengfeng"),
    "onething_bundles_api_withdraw_run": Caller("qiye.chengfeng"),
    "onething_bundles_api_record_milestone": Caller("qiye.delijia"),
    "onething_bundles_api_enter_outputs": Caller("officer.jy-sw"),
    "onething_bundles_api_file_declaration": Caller("agent.chengxin"),
    "onething_bundles_api_collect": Caller("agent.chengxin"),
    "onething_bundles_api_confirm_pickup": Caller("clerk.hudai"),
    "onething_bundles_api_refuse_pickup": Caller("clerk.hudai"),
    "onething_bundles_api_xlsx_import_bundles": Caller("admin"),
    # appeals
    "onething_appeals_api_intake_submit": Caller("zhangwei"),
    "onething_appeals_api_intake_submit_with_photos": Caller("zhangwei"),
    "onething_appeals_api_flow_dispatch": Caller("dispatcher"),
    "onething_appeals_api_flow_accept": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_return_to_dispatcher": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_reply": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_follow_up": Caller("zhangwei"),
    "onething_appeals_api_flow_request_extension": Caller("officer.wx-cg"),
    "onething_appeals_api_flow_decide_extension": Caller("supervisor"),
    "onething_appeals_api_supervision_create_batch": Caller("supervisor"),
    "onething_appeals_api_supervision_add_to_batch": Caller("supervisor"),
    "onething_appeals_api_supervision_create_project": Caller("officer.qmq"),
    "onething_appeals_api_supervision_record_milestone": Caller("officer.qmq"),
    "onething_appeals_api_directory_publish_policy": Caller("admin"),
    "onething_appeals_api_directory_ask_about_policy": Caller(
        "qiye.chengfeng", path={"policy_id": _first("appeals.Policy", "pk")}
    ),
    # honour cards
    "onething_cards_api_registry_register_honoree": Caller("union"),
    "onething_cards_api_registry_import_honorees": Caller("union"),
    "onething_cards_api_registry_change_status": Caller(
        "union", path={"honoree_id": _first("cards.Honoree", "pk")}
    ),
    "onething_cards_api_cards_create_batch": Caller("union"),
    "onething_cards_api_cards_issue_card": Caller("union"),
    "onething_cards_api_cards_report_lost": Caller("union"),
    "onething_cards_api_cards_bind_transit": Caller("union"),
    "onething_cards_api_batches_issue_batch": Caller("union"),
    "onething_cards_api_certificates_create_key": Caller("union"),
    "onething_cards_api_certificates_retire_key": Caller("union"),
    "onething_cards_api_certificates_issue_certificate": Caller("union"),
    "onething_cards_api_certificates_revoke_certificate": Caller(
        "union", path={"serial": _first("cards.Certificate", "serial")}
    ),
    "onething_cards_api_venues_save_operator": Caller("union"),
    "onething_cards_api_venues_save_venue": Caller("union"),
    "onething_cards_api_venues_set_tariff": Caller(
        "union", path={"code": _first("cards.Venue", "code")}
    ),
    "onething_cards_api_venues_create_benefit": Caller("union"),
    "onething_cards_api_venues_change_benefit": Caller(
        "union", path={"benefit_id": _first("cards.Benefit", "pk")}
    ),
    "onething_cards_api_gates_register_gate": Caller("union"),
    "onething_cards_api_gates_swipe": Caller(token=GATE),
    "onething_cards_api_gates_swipe_batch": Caller(token=GATE),
    # a venue's desk (a restaurant's till of the demo's 商圈), signed in with its account
    "onething_cards_api_desk_identify": Caller("desk.xibang", path={"code": lambda: "nc-xibang"}),
    "onething_cards_api_desk_record_visit": Caller(
        "desk.xibang", path={"code": lambda: "nc-xibang"}
    ),
    "onething_cards_api_pool_set_threshold": Caller("union"),
    "onething_cards_api_pool_top_up": Caller("union"),
    "onething_cards_api_pool_correct": Caller("union"),
    "onething_cards_api_settlement_prepare_settlement": Caller("union"),
    "onething_cards_api_settlement_approve_settlement": Caller("union"),
    "onething_cards_api_settlement_pay_settlement": Caller("union"),
    "onething_cards_api_settlement_upload_reconciliation": Caller("union"),
    # operations centre: a device signs in with its own token (the demo city has no device
    # yet: a token no device has, answered 401 before the body is read), people by session
    "onething_cityops_api_readings_ingest": Caller(token=NO_DEVICE),
    "onething_cityops_api_events_report_event": Caller("inspector"),
    "onething_cityops_api_events_report_event_with_photos": Caller("inspector"),
    "onething_cityops_api_events_register_event": Caller("dispatcher"),
    "onething_cityops_api_events_dismiss_event": Caller("dispatcher"),
    "onething_cityops_api_events_dispatch_event": Caller("dispatcher"),
    "onething_cityops_api_events_handle_event": Caller("officer.wx-cg"),
    "onething_cityops_api_events_check_event": Caller("inspector"),
    "onething_cityops_api_events_close_event": Caller("dispatcher"),
    # the public-data platform: a department's officer defines its datasets and releases
    "onething_opendata_api_catalogue_define_dataset": Caller("officer.wx-cg"),
    "onething_opendata_api_releases_publish_release": Caller("officer.wx-cg"),
    # city management, 红黑榜: the city-management office (无锡市城市管理局) runs the batches
    # and closes rectifications, a supervisor approves; no batch nor task in the demo's base
    "onething_citymgmt_api_ranking_define_category": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_register_site": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_create_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_draw_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_reopen_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_approve_batch": Caller("supervisor"),
    "onething_citymgmt_api_ranking_publish_batch": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_enter_site_scores": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_submit_rectification": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_close_rectification": Caller("officer.wx-cg"),
    "onething_citymgmt_api_ranking_send_back_rectification": Caller("officer.wx-cg"),
    # city management, streets: the city-management office approves and moves the projects
    # (no street nor project in the demo's base)
    "onething_citymgmt_api_streets_create_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_start_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_complete_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_spend_on_project": Caller("officer.wx-cg"),
    "onething_citymgmt_api_streets_add_photo": Caller("officer.wx-cg"),
    # city management, 新街·吴韵: a resident scores (a scoring device signs in with its own
    # token), an inspector records a check, the office registers points, reviews and closes
    "onething_citymgmt_api_scoring_submit_score": Caller("zhangwei"),
    "onething_citymgmt_api_scoring_review_score": Caller("officer.wx-cg"),
    "onething_citymgmt_api_scoring_record_inspection": Caller("inspector"),
    "onething_citymgmt_api_scoring_close_month": Caller("officer.wx-cg"),
    "onething_citymgmt_api_scoring_register_point": Caller("officer.wx-cg"),
    # city management, shared parking: a gate signs in with its own token (no gate in the
    # demo's base: a token no gate has, answered 401 before the body is read), a citizen
    # registers a plate, the office reviews
    "onething_citymgmt_api_parking_gate_event": Caller(token=NO_GATE),
    "onething_citymgmt_api_parking_register_plate": Caller("zhangwei"),
    "onething_citymgmt_api_parking_review_registration": Caller("officer.wx-cg"),
    "onething_citymgmt_api_parking_revoke_registration": Caller("officer.wx-cg"),
    # the institute (实训学院): its staff write the catalogue, screen, select, enrol, issue
    # and record placements, a teacher takes attendance and grades, a student applies and
    # answers, a partner company's staff post openings and decide. The demo's base has the
    # accounts but none of the institute's records: paths name nothing (404 or 422 first)
    **{
        f"onething_training_api_catalogue_{name}": Caller("institute")
        for name in (
            "create_programme",
            "edit_programme",
            "create_track",
            "edit_track",
            "create_course",
            "edit_course",
            "create_cohort",
            "edit_cohort",
            "open_cohort",
            "close_cohort",
            "reopen_cohort",
            "start_cohort",
            "finish_cohort",
            "partners_create_partner",
            "partners_edit_partner",
            "partners_create_adviser",
            "partners_edit_adviser",
            "partners_assign_adviser",
            "partners_unassign_adviser",
            "partners_create_university",
            "partners_edit_university",
            "partners_link_university_account",
            "partners_create_agreement",
            "partners_edit_agreement",
            "partners_terminate_agreement",
        )
    },
    "onething_training_api_applications_submit_application": Caller("student.new"),
    "onething_training_api_applications_screen_application": Caller("institute"),
    "onething_training_api_applications_reject_application": Caller("institute"),
    "onething_training_api_applications_score_interview": Caller("institute"),
    "onething_training_api_applications_import_interview_scores": Caller("institute"),
    "onething_training_api_applications_run_selection": Caller("institute"),
    "onething_training_api_applications_close_waiting_list": Caller("institute"),
    "onething_training_api_applications_accept_offer": Caller("student.wei"),
    "onething_training_api_applications_decline_offer": Caller("student.wei"),
    "onething_training_api_applications_withdraw_application": Caller("student.wei"),
    "onething_training_api_classes_enrol": Caller("institute"),
    "onething_training_api_classes_mark_attendance": Caller("teacher.sx"),
    "onething_training_api_classes_enter_grades": Caller("teacher.sx"),
    "onething_training_api_classes_complete_enrolment": Caller("institute"),
    "onething_training_api_classes_withdraw_enrolment": Caller("institute"),
    "onething_training_api_classes_take_attendance": Caller("adviser.zwax"),
    "onething_training_api_classes_enter_grade_sheet": Caller("adviser.zwax"),
    "onething_training_api_transcripts_issue_transcript": Caller("institute"),
    "onething_training_api_transcripts_revoke_transcript": Caller("institute"),
    "onething_training_api_placements_create_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_edit_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_close_opening": Caller("hr.yaoming"),
    "onething_training_api_placements_apply_to_opening": Caller("student.wei"),
    "onething_training_api_placements_interview": Caller("hr.yaoming"),
    "onething_training_api_placements_job_offer": Caller("hr.yaoming"),
    "onething_training_api_placements_job_reject": Caller("hr.yaoming"),
    "onething_training_api_placements_job_withdraw": Caller("student.wei"),
    "onething_training_api_placements_job_decline": Caller("student.wei"),
    "onething_training_api_placements_hire": Caller("student.wei"),
    "onething_training_api_placements_record_placement": Caller("institute"),
    "onething_training_api_placements_end_placement": Caller("hr.yaoming"),
    # duty (带班值班): a town's leader plans, checks in, records visits
    "onething_duty_api_rosters_plan_roster": Caller("leader.shengang"),
    "onething_duty_api_rosters_publish_roster": Caller("leader.shengang"),
    "onething_duty_api_rosters_check_in": Caller("leader.shengang"),
    "onething_duty_api_rosters_check_out": Caller("leader.shengang"),
    "onething_duty_api_visits_record_visit": Caller("leader.shengang"),
    "onething_duty_api_visits_raise_demand": Caller("leader.shengang"),
    # value-added services (增值服务)
    "onething_valueadded_api_catalogue_create_provider": Caller("admin"),
    "onething_valueadded_api_catalogue_edit_provider": Caller(
        "admin", path={"code": lambda: "wx-sf"}
    ),
    "onething_valueadded_api_catalogue_create_service": Caller("partner.jsbank"),
    "onething_valueadded_api_catalogue_edit_service": Caller(
        "partner.jsbank", path={"code": lambda: "puhui-daikuan"}
    ),
    "onething_valueadded_api_requests_submit_request": Caller("qiye.chengfeng"),
    "onething_valueadded_api_requests_submit_request_with_files": Caller("qiye.chengfeng"),
    "onething_valueadded_api_requests_accept_request": Caller("partner.jsbank"),
    "onething_valueadded_api_requests_decline_request": Caller("partner.jsbank"),
    "onething_valueadded_api_requests_conclude_request": Caller("partner.jsbank"),
    "onething_valueadded_api_requests_withdraw_request": Caller("qiye.chengfeng"),
    "onething_valueadded_api_requests_rate_request": Caller("qiye.chengfeng"),
}
