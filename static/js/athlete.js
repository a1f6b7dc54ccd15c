// The athlete's log: saves go through htmx; a save that fails keeps what was typed and says so.
(() => {
  const NETWORK = "Not saved: no connection. What you typed is kept here; it saves on your next change.";
  const REFUSED = "Not saved: the server refused it. What you typed is kept here; reload the page if it keeps happening.";

  const statusFor = (elt) => {
    const form = elt && elt.closest("form[data-log]");
    return form ? form.querySelector(".aw-save-status") : null;
  };

  const say = (elt, text, failed) => {
    const status = statusFor(elt);
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.toggle("aw-is-failed", failed);
    status.closest("form").classList.toggle("aw-has-problem", failed);
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    say(event.detail.elt, "Saving…", false);
  });

  document.addEventListener("htmx:sendError", (event) => {
    say(event.detail.elt, NETWORK, true);
  });

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    // 400 and 409 carry their own message in the swapped fragment.
    if (status !== 400 && status !== 409) {
      say(event.detail.elt, REFUSED, true);
    }
  });

  // A saved tick moves the session's "done / planned sets" count without a reload.
  const recount = (form) => {
    const session = form.closest(".aw-session");
    if (!session) {
      return;
    }
    const ticks = session.querySelectorAll(".aw-setrow input[name=done]");
    const done = Array.from(ticks).filter((tick) => tick.checked).length;
    const id = session.id.replace("session-", "");
    document.querySelectorAll(`.aw-count[data-session="${id}"]`).forEach((count) => {
      count.textContent = `${done}/${ticks.length} sets`;
    });
  };

  // Once a save goes through, the marks of an earlier refused one go: a field still red
  // beside "Saved" would leave the athlete unsure what happened.
  const clearProblems = (form) => {
    form.classList.remove("aw-has-problem");
    form.querySelectorAll(".has-error").forEach((field) => field.classList.remove("has-error"));
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    form.querySelectorAll(".field > .error").forEach((message) => message.remove());
  };

  document.addEventListener("htmx:afterRequest", (event) => {
    // Refused saves (400, 409) are swapped in like answers, so look at the status itself.
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status < 200 || status >= 300) {
      return;
    }
    const form = event.detail.elt.closest("form[data-log]");
    if (form) {
      clearProblems(form);
      if (form.classList.contains("aw-setrow")) {
        recount(form);
      }
    }
  });
})();
