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

  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) {
      const form = event.detail.elt.closest("form[data-log]");
      if (form) {
        form.classList.remove("aw-has-problem");
        if (form.classList.contains("aw-setrow")) {
          recount(form);
        }
      }
    }
  });
})();
