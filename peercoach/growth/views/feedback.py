"""Feedback between colleagues, its replies, and requests for feedback."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.growth import services
from peercoach.growth.forms import (
    FeedbackForm,
    FeedbackRequestForm,
    ReplyForm,
)
from peercoach.growth.models import (
    FeedbackRequestStatus,
)
from peercoach.growth.phrasing import check_phrasing
from peercoach.lib.ids import id_or_404, parse_id
from peercoach.lib.messages import flash_form_errors
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.people_search import pick


@person_required
def feedback_list(request: PersonRequest) -> HttpResponse:
    person = request.person
    feedback = access.feedback_visible_to(person).select_related("giver", "receiver")
    requests = access.feedback_requests_visible_to(person).select_related("requester", "recipient")
    colleagues = access.colleagues_of(person)
    return render(
        request,
        "growth/feedback_list.html",
        {
            "received": [f for f in feedback if f.receiver_id == person.pk],
            "given": [f for f in feedback if f.giver_id == person.pk],
            "asked_of_me": [
                r
                for r in requests
                if r.recipient_id == person.pk and r.status == FeedbackRequestStatus.OPEN
            ],
            "my_requests": [r for r in requests if r.requester_id == person.pk],
            "request_form": FeedbackRequestForm(colleagues=colleagues),
            # Whom to ask, found by typing: an organisation has thousands of colleagues.
            "recipient": pick(colleagues, name="recipient", text=request.GET.get("find", "")),
        },
    )


@person_required
def feedback_create(request: PersonRequest) -> HttpResponse:
    person = request.person
    feedback_request = None
    if "request" in request.GET:
        feedback_request = access.get_request_to_answer(person, id_or_404(request.GET["request"]))
    initial = {}
    if feedback_request:
        initial["receiver"] = feedback_request.requester_id
    elif receiver_pk := parse_id(request.GET.get("to")):
        initial["receiver"] = receiver_pk
    # From a session page: that session and, in a pair, the partner (only one's own sessions).
    if session := access.session_to_share_in(person, parse_id(request.GET.get("session"))):
        initial["session"] = session.pk
        if "receiver" not in initial:
            initial["receiver"] = access.partner_in(person, session)
    colleagues = access.colleagues_of(person)
    # "Search" for whom the feedback is sends the form back as typed, without checking it:
    # nothing written is lost, and nothing typed goes into a URL.
    searching = request.method == "POST" and "_find" in request.POST
    if searching:
        initial.update(request.POST.dict())
    form = FeedbackForm(
        None if searching else request.POST or None,
        initial=initial,
        colleagues=colleagues,
        sessions=access.sessions_to_share_in(person),
    )
    receiver = pick(
        colleagues,
        name="receiver",
        text=request.POST.get("find", "") if searching else request.GET.get("find", ""),
        chosen=form["receiver"].value(),
    )
    hints = []
    if request.method == "POST" and not searching:
        text = "\n".join(
            [request.POST.get("strengths_text", ""), request.POST.get("growth_text", "")]
        )
        hints = check_phrasing(text)
        # Without JavaScript the hints appear after the first submit; the second one sends.
        reviewed = request.POST.get("phrasing_reviewed") == "1"
        if form.is_valid() and (not hints or reviewed):
            feedback = form.save(commit=False)
            feedback.giver = person
            services.do_give_feedback(feedback, answering=feedback_request)
            messages.success(request, _("Your feedback was sent."))
            return redirect("growth:feedback", feedback_pk=feedback.pk)
    return render(
        request,
        "growth/feedback_form.html",
        {"form": form, "hints": hints, "feedback_request": feedback_request, "receiver": receiver},
    )


@person_required
@require_POST
def phrasing_hints(request: PersonRequest) -> HttpResponse:
    """htmx: phrasing hints for the feedback being typed."""
    text = "\n".join([request.POST.get("strengths_text", ""), request.POST.get("growth_text", "")])
    return render(
        request, "growth/_phrasing_hints.html", {"hints": check_phrasing(text), "checked": True}
    )


@person_required
def feedback_detail(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    person = request.person
    feedback = access.get_feedback_for(person, feedback_pk)
    return render(
        request,
        "growth/feedback_detail.html",
        {
            "feedback": feedback,
            "is_receiver": feedback.receiver_id == person.pk,
            "reply_form": ReplyForm(initial={"reply": feedback.reply}),
        },
    )


@person_required
@require_POST
def feedback_helpful(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    feedback = access.get_received_feedback_for(request.person, feedback_pk)
    feedback.helpful = request.POST.get("helpful") == "yes"
    feedback.save(update_fields=["helpful"])
    messages.success(request, _("Thank you, the giver will see your answer."))
    return redirect("growth:feedback", feedback_pk=feedback.pk)


@person_required
@require_POST
def feedback_reply(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    feedback = access.get_received_feedback_for(request.person, feedback_pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        feedback.reply = form.cleaned_data["reply"]
        feedback.replied_at = timezone.now()
        feedback.save(update_fields=["reply", "replied_at"])
        messages.success(request, _("Your reply was sent."))
    return redirect("growth:feedback", feedback_pk=feedback.pk)


@person_required
@require_POST
def feedback_request_create(request: PersonRequest) -> HttpResponse:
    person = request.person
    form = FeedbackRequestForm(request.POST, colleagues=access.colleagues_of(person))
    if form.is_valid():
        feedback_request = form.save(commit=False)
        feedback_request.requester = person
        services.do_request_feedback(feedback_request)
        messages.success(request, _("Your request was sent."))
    else:
        flash_form_errors(request, form)
    return redirect("growth:feedback_list")


@person_required
@require_POST
def feedback_request_decline(request: PersonRequest, request_pk: int) -> HttpResponse:
    feedback_request = access.get_request_to_answer(request.person, request_pk)
    feedback_request.status = FeedbackRequestStatus.DECLINED
    feedback_request.save(update_fields=["status"])
    return redirect("growth:feedback_list")
