"""Who did something, as a page names them: the account's name and role in words, never the
username or the role's code the audit log records (``clerk.wanshi (clerk)``)."""

from __future__ import annotations

from django.utils import translation

from onething.core.selectors.actors import actor_names

LABELS = [
    "clerk.wanshi (clerk)",
    "zhangwei (applicant)",
    "system",
    "system (withdrawal of YJ1 by zhangwei (applicant))",
    "anonymous",
    "someone.gone (officer)",
    "",
]


def test_recorded_labels_read_as_names_and_roles(city):
    clerk, zhang = city.user("clerk.wanshi"), city.user("zhangwei")
    with translation.override("zh-hans"):
        names = actor_names(LABELS)
    assert names["clerk.wanshi (clerk)"] == f"{clerk.display_name}（窗口人员）"
    assert names["zhangwei (applicant)"] == f"{zhang.person.name}（申请人）"
    assert names["system"] == names["system (withdrawal of YJ1 by zhangwei (applicant))"]
    assert names["system"] == "系统自动处理" and names["anonymous"] == "未登录用户"
    assert names["someone.gone (officer)"] == "部门审批人员"
    assert names[""] == ""
    for text in names.values():
        assert "clerk" not in text and "applicant" not in text and "." not in text
