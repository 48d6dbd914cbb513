"""Re-render every post's Markdown and rebuild the stemmed search text of posts and practices.

Run after changing the stemmer or the Markdown allow-list (``penata/forum/rules.py``); batches
of 2,000 rows with ``bulk_update``, so a million posts take minutes, not hours. On PostgreSQL
the stored ``search_vector`` column follows by itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from penata.forum import rules
from penata.forum.models import Post, Practice

BATCH = 2_000


class Command(BaseCommand):
    help = "Render ulang kiriman forum dan bangun ulang teks pencarian (setelah aturan berubah)."

    def handle(self, *args: Any, **options: Any) -> None:
        posts = 0
        last = 0
        while True:
            batch = list(
                Post.objects.filter(pk__gt=last)
                .select_related("thread")
                .order_by("pk")
                .only("pk", "body", "is_first", "thread__title")[:BATCH]
            )
            if not batch:
                break
            for p in batch:
                p.body_html = rules.render_markdown(p.body)
                p.search_text = rules.index_text(
                    p.thread.title if p.is_first else "", rules.plain_text(p.body)
                )
            Post.objects.bulk_update(batch, ["body_html", "search_text"])
            posts += len(batch)
            last = batch[-1].pk
        practices = list(Practice.objects.all())
        for pr in practices:
            pr.search_text = rules.index_text(
                pr.title, pr.problem, pr.practice, pr.result, pr.evidence, pr.contact_name
            )
        Practice.objects.bulk_update(practices, ["search_text"], batch_size=BATCH)
        self.stdout.write(
            self.style.SUCCESS(f"{posts} kiriman dan {len(practices)} praktik baik diindeks ulang.")
        )
