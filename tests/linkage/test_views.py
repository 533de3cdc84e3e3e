from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.linkage.models import Decision, ImportBatch, Link, ReviewPair, Run, SourceRecord
from tests.conftest import make_user
from tests.jobs.worker import run_queued
from tests.linkage.conftest import extracts


def upload(client, name, text, mode="reject"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("linkage:import-new"), {"file": file, "mode": mode})


def step_until_done(client, name, pk):
    for _ in range(20):
        response = client.post(reverse(name, args=[pk]), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        if "hx-post" not in response.content.decode():
            return response
    raise AssertionError("never finished")


def test_it_imports_an_extract_with_progress_and_a_report(signed_in, analyst):
    client = signed_in(analyst)
    response = upload(client, "housing.csv", extracts()[0])
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("linkage:batch", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "hx-post" in page
    done = step_until_done(client, "linkage:batch-step", batch.pk).content.decode()
    assert "100%" in done and SourceRecord.objects.count() == 10


def test_a_rejected_file_shows_every_error_with_file_row_and_column(signed_in, analyst):
    client = signed_in(analyst)
    bad = extracts()[0].replace("1984-03-07", "1984-13-07")
    response = client.get(upload(client, "housing.csv", bad)["Location"])
    page = response.content.decode()
    assert "The file was rejected" in page
    assert "housing.csv, row 2, column date_of_birth: &#x27;1984-13-07&#x27; is not a date" in page
    assert SourceRecord.objects.count() == 0


def test_a_run_shows_progress_and_the_review_queue_takes_a_decision(signed_in, analyst):
    client = signed_in(analyst)
    for name, text in zip(["housing.csv", "police.csv"], extracts()[:2], strict=True):
        response = upload(client, name, text)
        step_until_done(client, "linkage:batch-step", ImportBatch.objects.first().pk)
    response = client.post(
        reverse("linkage:run-new"), {"match_threshold": "0.999", "review_threshold": "0.05"}
    )
    run = Run.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "Waiting for the background worker" in page
    assert run_queued() == 1  # the background worker's part, done here
    progress = client.get(reverse("linkage:run-progress", args=[run.pk])).content.decode()
    assert "Pairs for review" in progress and "hx-get" not in progress, "done: polling stops"
    run.refresh_from_db()
    assert run.status == Run.Status.DONE and Link.objects.filter(ended_at=None).count() == 20
    pair = ReviewPair.objects.first()
    assert pair is not None, "thresholds this far apart leave something to review"
    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert pair.record_a.source_id in page and pair.record_b.source_id in page
    assert "Evidence" in page
    from joinedup.audit.models import AccessLog

    assert AccessLog.objects.filter(user=analyst, purpose="linkage review").count() >= 1
    response = client.post(reverse("linkage:pair", args=[pair.pk]), {"verdict": "different"})
    assert response.status_code == 302
    assert Decision.objects.get().verdict == "different"


def test_other_roles_cannot_link_records(signed_in, alice, owner_org):
    commissioner = make_user("priya@example.org", owner_org, Role.COMMISSIONER, device=False)
    for user in (alice, commissioner):
        assert signed_in(user).get(reverse("linkage:home")).status_code == 403


def test_the_fragmentation_page_shows_linked_figures(signed_in, analyst):
    from joinedup.linkage import services

    for name, text in zip(["housing.csv", "police.csv", "health.csv"], extracts(), strict=True):
        batch = services.start_import(name, text.encode())
        while not batch.finished:
            services.import_step(batch)
    services.run_all(services.start_run())
    page = signed_in(analyst).get(reverse("fragmentation")).content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert title == "<title>Fragmentation across the area – joinedup"
    assert page.count('id="linked-figures"') == 1
    main = page[page.index("<main") : page.index("</main>")]
    figures = main[
        main.index('id="linked-figures"') : main.index("</dl>", main.index('id="linked-figures"'))
    ]
    assert "Known to 3 agencies" in figures
    assert "Of those, with no co-ordinator" in figures


def test_the_drill_down_names_only_people_the_user_may_see(signed_in, analyst):
    from joinedup.linkage import services

    for name, text in zip(["housing.csv", "police.csv", "health.csv"], extracts(), strict=True):
        batch = services.start_import(name, text.encode())
        while not batch.finished:
            services.import_step(batch)
    services.run_all(services.start_run())
    page = signed_in(analyst).get(reverse("linkage:uncoordinated")).content.decode()
    # An analyst sees no one by name: all ten are counted only.
    assert "10 people. You may see 0 of them by name; 10 are counted only." in page
    assert "Walsh" not in page


def test_the_api_gives_runs_and_area_figures_to_analysts_only(signed_in, analyst, alice):
    from joinedup.linkage import services

    batch = services.start_import("housing.csv", extracts()[0].encode())
    while not batch.finished:
        services.import_step(batch)
    services.run_all(services.start_run())
    client = signed_in(analyst)
    runs = client.get("/api/v1/linkage/runs/").json()
    assert runs[0]["status"] == "done" and runs[0]["percent"] == 100
    assert runs[0]["words"] == "Done"
    assert client.get("/api/v1/linkage/area/").json()["people"] == 10
    assert signed_in(alice).get("/api/v1/linkage/area/").status_code == 403
