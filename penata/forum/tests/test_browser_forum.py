"""In Debian's Chromium on a phone-sized screen: an employee opens a thread, posts a reply in
Markdown (hostile HTML shown as text), sees it rendered, reacts through HTMX, and the asker sees
the bell's unread count and marks the reply as the answer."""

from __future__ import annotations

from typing import Any

import pytest

from penata.conftest import PASSWORD, browser_login
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.forum.models import Category, Post, Thread
from penata.forum.tests.factories import make_thread
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employee_posts_a_reply_and_asker_accepts_it(page: Any) -> None:
    asker = UserFactory(
        username="asn_penanya",
        role=Role.EMPLOYEE,
        employee=EmployeeFactory(name="Ani Wijaya"),
        password=PASSWORD,
    )
    UserFactory(
        username="asn_penjawab",
        role=Role.EMPLOYEE,
        employee=EmployeeFactory(name="Budi Santoso"),
        password=PASSWORD,
    )
    cat = Category.objects.get(slug="pelayanan-publik")
    thread = make_thread(
        author=asker, category=cat, title="Antrean KTP menumpuk", body="Ada saran?"
    )

    browser_login(page, "asn_penjawab")
    page.wait_for_selector("text=Selamat datang")
    page.goto(page.base_url + f"/forum/utas/{thread.pk}/")
    page.fill(
        "textarea[name=body]", "Coba **kuota per jam**, @asn_penanya. <script>window.x=1</script>"
    )
    page.click("[data-testid=reply-submit]")
    page.wait_for_selector("text=Balasan terkirim.")
    reply = page.locator("[data-testid=post]").nth(1)
    assert reply.locator("[data-testid=post-body] strong").inner_text() == "kuota per jam"
    assert "<script>window.x=1</script>" in reply.locator("[data-testid=post-body]").inner_text()
    assert page.evaluate("typeof window.x") == "undefined"
    post = Post.objects.get(thread=thread, is_first=False)
    # React through HTMX on the asker's post.
    first = page.locator("[data-testid=post]").nth(0)
    first.locator("[data-testid=react-membantu]").click()
    page.wait_for_selector(
        f"#reactions-{thread.posts.get(is_first=True).pk} "
        "[data-testid=react-membantu][aria-pressed=true]"
    )

    page.context.clear_cookies()
    browser_login(page, "asn_penanya")
    page.wait_for_selector("[data-testid=forum-unread]")
    assert page.locator("[data-testid=forum-unread]").inner_text() == "1"
    page.goto(page.base_url + f"/forum/utas/{thread.pk}/")
    page.locator(f"#post-{post.pk} [data-testid=accept]").click()
    page.wait_for_selector("text=Jawaban ditandai sebagai yang tepat.")
    assert page.locator(f"#post-{post.pk} [data-testid=accepted]").is_visible()
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.accepted_post_id == post.pk
