// The athlete's log: saves go through htmx; a save that fails keeps what was typed and says so.
(() => {
  const NETWORK = "Not saved: no connection. What you typed is kept here; tap Retry once you have a signal.";
  // The phone is online, yet the save did not get through: a weak signal, or a server that is
  // down or restarting. "No connection" would send an athlete with full bars looking for one.
  const UNREACHABLE = "Not saved: the server could not be reached (a weak signal, or the server is restarting). What you typed is kept here; tap Retry in a moment.";
  const BUSY = "Not saved: the server is busy or restarting. What you typed is kept here; tap Retry in a moment.";
  const REFUSED = "Not saved: the server refused it. What you typed is kept here; reload the page if it keeps happening.";
  const LINK_GONE = "Not saved: this link no longer works (your coach has replaced or stopped it). Ask your coach for your new link; what you typed stays here while this page is open.";
  const ARCHIVED = "Not saved: your coach has archived your record (you left the club), so nothing more can be logged. Your training so far is kept; ask your coach to restore it if you are back.";
  const NO_ANSWER = "Not confirmed: no answer came back (a weak signal?). What you typed is kept here; tap Retry to make sure it is saved.";
  const GONE = "Not saved: this page is out of date (your coach may have changed the plan). What you typed is kept here; reload the page, then enter it again.";

  const statusFor = (elt) => {
    const form = elt && elt.closest("form[data-log]");
    return form ? form.querySelector(".aw-save-status") : null;
  };

  // A pain report is sent to the coach, not saved: what its status says is worded so, as the
  // server's own refusal of one is ("Not sent: …").
  const asSent = (form, text) => !form.matches("form[id^='pain-form-']")
    ? text
    : text.replace(/^Not saved:/, "Not sent:")
      .replace(/^Saving…/, "Sending…")
      .replace("make sure it is saved", "make sure it arrived");

  const say = (elt, text, failed) => {
    const status = statusFor(elt);
    if (!status) {
      return;
    }
    // A button in the status (Retry, Save mine instead) goes with its words: the keyboard
    // that pressed it stays on the status, which says what comes of it, not the page's top.
    const held = status.contains(document.activeElement);
    status.textContent = asSent(status.closest("form"), text);
    if (held) {
      status.tabIndex = -1;
      status.focus({ preventScroll: true });
    }
    status.classList.toggle("aw-is-failed", failed);
    status.closest("form").classList.toggle("aw-has-problem", failed);
  };

  // What each form sent, so that a refused answer, which replaces the whole form, does not
  // throw away what was typed into it while the request was on its way.
  const sent = new WeakMap();
  const pending = new Map();
  const values = (form) => {
    const out = {};
    form.querySelectorAll("input[name]:not([type=hidden]), textarea[name]").forEach((input) => {
      out[input.name] = input.type === "checkbox" ? input.checked : input.value;
    });
    return out;
  };

  document.addEventListener("htmx:beforeRequest", (event) => {
    say(event.detail.elt, "Saving…", false);
    const form = event.detail.elt.closest("form[data-log]");
    if (form) {
      sent.set(form, values(form));
    }
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = event.detail.elt.closest("form[data-log]");
    const status = event.detail.xhr.status;
    if (!form || !form.id || (status !== 400 && status !== 409) || !sent.has(form)) {
      return;
    }
    const before = sent.get(form);
    const now = values(form);
    const typed = {};
    Object.keys(now).forEach((name) => {
      if (now[name] !== before[name]) {
        typed[name] = now[name];
      }
    });
    const active = form.contains(document.activeElement) ? document.activeElement : null;
    const focused = active ? active.name : null;
    // The keyboard on a part of the form with no name (its Save button, its status), which
    // the answer replaces too: found again below, not dropped to the page's top.
    const held = active && !active.name ? (active.matches("[type=submit]") ? "submit" : "status") : null;
    const changed = Object.keys(typedIn(form));
    pending.set(form.id, { typed, focused, held, mine: now, changed, refused: status === 400 });
  });

  // A set refused because another screen saved it first shows it as saved there. What was
  // typed here while the save was on its way is not put over those values, which would then
  // look saved; nor is it dropped: it is named beside the refusal, with a button that puts
  // this screen's values back and saves them. The keyboard goes to that message, so a key
  // still being pressed cannot land in the other screen's numbers.
  const LOG_WORDS = {
    done: (value) => (value ? "ticked" : "not ticked"),
    reps: (value) => (value === "" ? "no reps" : `${value} reps`),
    load: (value, unit) => (value === "" ? "no load" : `${value} ${unit}`),
  };
  const inWords = (form, fields) => {
    const unit = (form.querySelector("input[name=unit]") || {}).value || "";
    return Object.entries(fields)
      .map(([name, value]) => (LOG_WORDS[name] ? LOG_WORDS[name](value, unit) : value))
      .join(", ");
  };
  const keepMine = (form, mine, text) => {
    const status = statusFor(form);
    if (!status) {
      return null;
    }
    const note = document.createElement("span");
    note.className = "error aw-kept";
    note.textContent = text;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small aw-keep-mine";
    button.textContent = `Save mine instead: ${inWords(form, mine)}`;
    button.addEventListener("click", () => {
      Object.entries(mine).forEach(([name, value]) => {
        const input = form.querySelector(`[name="${name}"]`);
        if (input && input.type === "checkbox") {
          input.checked = value;
        } else if (input) {
          input.value = value;
        }
      });
      htmx.trigger(form, "change");
    });
    status.append(" ", note, " ", button);
    return status;
  };

  // What this screen had put into a set refused for another screen's save (the values it
  // sent and those typed meanwhile) is not dropped by the set's next save either. Changing
  // one box of it saves that box with the other screen's values in the rest: the values of
  // this screen those hide are named beside "Saved", with the button that saves them, until
  // they are saved or typed over. Per form id: `wanted`, those values; `base`, the set as
  // saved, to tell a box typed over since from one left as the other screen saved it.
  const notSaved = new Map();
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest("form[data-log]");
    const memory = form && notSaved.get(form.id);
    if (!memory) {
      return;
    }
    const now = values(form);
    const left = {};
    Object.entries(memory.wanted).forEach(([name, value]) => {
      if (now[name] === memory.base[name]) {
        left[name] = value;
      }
    });
    memory.sending = { left, now };
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form[data-log]");
    const memory = form && notSaved.get(form.id);
    if (!memory || !memory.sending || event.detail.xhr.status !== 200) {
      return;
    }
    const { left, now } = memory.sending;
    if (!Object.keys(left).length) {
      notSaved.delete(form.id);
      return;
    }
    notSaved.set(form.id, { wanted: left, base: now });
    const saved = form.querySelector(".aw-save-status .aw-saved");
    if (saved) {
      saved.textContent = "Saved that change.";
    }
    keepMine(form, left, `Yours from before (${inWords(form, left)}) is still not saved.`);
  });

  // A refused save comes back as a new form, its status with it: a status that arrives
  // with its words already in it is seldom read out, and the keyboard has often moved on
  // (a change goes as a box is left). The page's own status line says them, unless the
  // keyboard is on that status, which is read out as it takes it.
  const announce = (status) => {
    const said = document.getElementById("page-announce");
    const text = status ? status.textContent.trim() : "";
    if (!said || !text || status === document.activeElement) {
      return;
    }
    said.textContent = "";
    window.setTimeout(() => {
      said.textContent = text;
    }, 50);
  };

  // Right after the swap, in the same task, so no keystroke can land in between. htmx would
  // wire the new form up only once it settles, a moment later: a change made in that moment
  // would never be sent, so the form is wired up here.
  document.addEventListener("htmx:afterSwap", () => {
    pending.forEach(({ typed, focused, held, mine, changed, refused }, id) => {
      const form = document.getElementById(id);
      pending.delete(id);
      if (!form) {
        return;
      }
      htmx.process(form);
      if (form.hasAttribute("data-shows-saved")) {
        const kept = {};
        Object.entries(typed).forEach(([name, value]) => {
          const input = form.querySelector(`[name="${name}"]`);
          if (input && (input.type === "checkbox" ? input.checked : input.value) !== value) {
            kept[name] = value;
          }
        });
        const shown = values(form);
        const wanted = {};
        // Refused again: what an earlier refusal left named, and not typed over since, stays.
        const before = notSaved.get(id);
        Object.entries(before ? before.wanted : {}).forEach(([name, value]) => {
          if (mine[name] === before.base[name] && value !== shown[name]) {
            wanted[name] = value;
          }
        });
        // The numbers this screen sent or was given (a prescribed load saved by a tick is
        // the athlete's too); the tick only if it was changed here.
        Object.keys(mine).forEach((name) => {
          const tick = form.querySelector(`[name="${name}"][type=checkbox]`);
          if (name in shown && mine[name] !== shown[name] && (!tick || changed.includes(name))) {
            wanted[name] = mine[name];
          }
        });
        if (Object.keys(wanted).length) {
          notSaved.set(id, { wanted, base: shown });
        } else {
          notSaved.delete(id);
        }
        const text = `Typed here while it was saving, also not saved: ${inWords(form, kept)}.`;
        const status = Object.keys(kept).length && keepMine(form, mine, text);
        if (status && (focused || held)) {
          status.tabIndex = -1;
          status.focus({ preventScroll: true });
        }
        if (status) {
          announce(status);
          return;
        }
      }
      Object.entries(typed).forEach(([name, value]) => {
        const input = form.querySelector(`[name="${name}"]`);
        if (input && input.type === "checkbox") {
          input.checked = value;
        } else if (input) {
          input.value = value;
        }
      });
      const lost = !document.activeElement || document.activeElement === document.body;
      const input = focused && lost && form.querySelector(`[name="${focused}"]`);
      if (input) {
        input.focus({ preventScroll: true });
      } else if (held && lost) {
        // Refused from its Save button: the box in error, read out with its reason; else
        // (nothing in error, a conflict) the same button, or the status it was on.
        const invalid = form.querySelector("[aria-invalid='true']");
        const button = held === "submit" && form.querySelector("[type=submit]");
        const status = form.querySelector(".aw-save-status");
        if (!invalid && !button && status) {
          status.tabIndex = -1;
        }
        const target = invalid || button || status;
        if (target) {
          target.focus({ preventScroll: true });
        }
      }
      announce(form.querySelector(".aw-save-status"));
      // A change finished while a refused save was on its way (the cursor has left that
      // field) was queued on the old form and went with it: send it now. Not after a
      // conflict (409): the athlete first sees what the other screen saved.
      const finished = (name) => {
        const field = form.querySelector(`[name="${name}"]`);
        return name !== focused || (field && field.type === "checkbox");  // a tick is at once
      };
      if (refused && Object.keys(typed).some(finished)) {
        htmx.trigger(form, "change");
      }
    });
  });

  // A pain report replaces its form: the keyboard goes to what came back (the word that the
  // coach was told, or the note in error), so it is read out and not lost to the page's top.
  document.addEventListener("htmx:afterSwap", (event) => {
    const old = event.detail.target;
    const block = old && old.id && old.id.startsWith("pain-") && document.getElementById(old.id);
    const target = block && block.querySelector(".aw-pain-flag, [aria-invalid='true']");
    // Reported: the exercise is stopped, and its sets stay as they are (as after a reload),
    // the word that it is stopped moved up under its name, where a reload shows it.
    const section = block && block.querySelector(".aw-pain-flag") && block.closest(".aw-exercise");
    const name = section && section.querySelector(":scope > h4");
    if (name) {
      name.after(block);
    }
    if (target) {
      target.focus();
    }
    if (section) {
      section.querySelectorAll(".aw-setrow").forEach((row) => {
        row.classList.add("aw-stopped");
        row.querySelectorAll("input:not([type=hidden])").forEach((field) => {
          field.disabled = true;
        });
      });
    }
  });

  // The soreness asked for at the top of the week, once saved below: the question gives way
  // to a thank-you, so the athlete is not left being asked for what they have just told.
  // The question is a status of its own (role=status): the thank-you is heard after the
  // form's "Saved", which stays the form's alone.
  // Followed from the question, the address names the soreness box (#soreness-…), and a
  // reload would open the session and put the keyboard there again: once the soreness is
  // saved, the address is the week's alone.
  document.addEventListener("htmx:afterSwap", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form.aw-sessionlog");
    const saved = form && form.querySelector(".aw-saved[data-soreness]");
    if (saved && location.hash === `#${form.id.replace("log-", "soreness-")}`) {
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    const ask = saved && document.getElementById(`ask-soreness-${form.id.replace("log-", "")}`);
    if (ask) {
      ask.classList.add("aw-ask-told");
      ask.textContent = `Thank you: your coach has your soreness, ${saved.dataset.soreness}/10.`;
    }
  });

  // Saves that could not be sent: retried by the button beside the message, and all at once
  // when the phone is back online.
  const unsent = new Set();
  const retry = (form) => {
    unsent.delete(form);
    const trigger = (form.getAttribute("hx-trigger") || "submit").split(",")[0].trim();
    htmx.trigger(form, trigger);
  };

  // A save of a set or a session's log with no answer (given up on, no signal, a server
  // busy) may have been saved all the same. The form's next saves say what those sent,
  // until one is answered: a set or log saved as one of them is this screen's own, not
  // another screen's, and is saved over.
  const MAX_EARLIER = 5; // as many as the server reads
  const SENDS_EARLIER = "form.aw-setrow[data-log], form.aw-sessionlog[data-log]";
  const maybeSaved = new Map();
  document.addEventListener("htmx:configRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest(SENDS_EARLIER);
    const earlier = form && maybeSaved.get(form.id);
    if (earlier) {
      event.detail.parameters.earlier = JSON.stringify(earlier);
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    const form = event.detail.elt.closest && event.detail.elt.closest(SENDS_EARLIER);
    // Saved, or refused with what is saved now: its stamp or version is up to date again.
    if (form && ((status >= 200 && status < 300) || status === 409)) {
      maybeSaved.delete(form.id);
    }
  });

  // A save that did not arrive (no signal, or a server busy or restarting): kept, with a
  // Retry button; those that need no confirming also go by themselves once back online.
  const notArrived = (elt, text) => {
    say(elt, text, true);
    const form = elt.closest("form[data-log]");
    const status = statusFor(elt);
    if (!form || !status) {
      return;
    }
    if (form.matches(SENDS_EARLIER) && sent.has(form)) {
      const earlier = (maybeSaved.get(form.id) || []).concat([sent.get(form)]);
      maybeSaved.set(form.id, earlier.slice(-MAX_EARLIER));
    }
    if (!form.hasAttribute("hx-confirm")) {
      unsent.add(form);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small aw-retry";
    button.textContent = "Retry";
    button.addEventListener("click", () => retry(form));
    status.append(" ", button);
  };

  // A set saves as it changes. A row with one box (reps only, or load only) would also be
  // sent the old way by the keyboard's Go or Enter: the page reloading, the session folded
  // away and a second save racing the first. The change has gone already; that is enough.
  document.addEventListener("submit", (event) => {
    if (event.target.matches && event.target.matches("form.aw-setrow[data-log]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:sendError", (event) =>
    notArrived(event.detail.elt, navigator.onLine === false ? NETWORK : UNREACHABLE));

  // On a weak signal a save can hang with no answer and no error for minutes, "Saving…"
  // all along, and the set's next change queued behind it. After a while it is given up and
  // offered again, as one that did not arrive: sent again, the same save is harmless if it
  // had arrived after all.
  const ANSWER_WAIT_MS = 15000;
  const waiting = new WeakMap();
  const gaveUp = new WeakSet();
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest("form[data-log]");
    if (form) {
      window.clearTimeout(waiting.get(form));
      waiting.set(form, window.setTimeout(() => {
        gaveUp.add(form);
        htmx.trigger(form, "htmx:abort");
      }, ANSWER_WAIT_MS));
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form[data-log]");
    if (form) {
      window.clearTimeout(waiting.get(form));
    }
  });
  document.addEventListener("htmx:sendAbort", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form[data-log]");
    if (form && gaveUp.has(form)) {
      gaveUp.delete(form);
      notArrived(form, NO_ANSWER);
    }
  });

  window.addEventListener("online", () => {
    Array.from(unsent).forEach((form) => {
      if (document.body.contains(form)) {
        retry(form);
      }
    });
  });

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    // 400 and 409 carry their own message in the swapped fragment.
    if (status >= 500) {
      notArrived(event.detail.elt, BUSY);
    } else if (status === 403 && event.detail.xhr.getResponseHeader("X-Athlete-Login") === "archived") {
      say(event.detail.elt, ARCHIVED, true);
    } else if (status === 404 && event.detail.xhr.getResponseHeader("X-Athlete-Link") === "gone") {
      say(event.detail.elt, LINK_GONE, true);
    } else if (status === 404 || status === 410) {
      say(event.detail.elt, GONE, true);
    } else if (status !== 400 && status !== 409) {
      say(event.detail.elt, REFUSED, true);
    }
  });

  // Notes show how much room is left, so a long one is shortened before it is refused.
  // A screen reader hears the count only in the last few characters and beyond, not at
  // every key pressed.
  const NEAR_LIMIT = 50;
  const counter = (area) => {
    let count = area.parentElement.querySelector(".aw-count-chars");
    if (!count) {
      count = document.createElement("small");
      count.className = "aw-count-chars help";
      area.after(count);
    }
    const limit = Number(area.dataset.limit);
    // Counted as the server counts: characters, not UTF-16 units (an emoji is one), and
    // without the spaces at either end, which are not saved.
    const used = [...area.value.trim()].length;
    const over = used - limit;
    count.setAttribute("aria-live", limit - used <= NEAR_LIMIT ? "polite" : "off");
    count.textContent = over > 0
      ? `${over} character${over === 1 ? "" : "s"} too many (${limit} at most)`
      : `${used} / ${limit}`;
    count.classList.toggle("error", over > 0);
  };
  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-limit]")) {
      counter(event.target);
    }
  });
  // A pain report whose note the page already counts as too long is not asked "Stop … and
  // tell your coach?" first: a yes would stop nothing, the report being refused. It goes
  // unasked, to be refused beside its box, the note kept there to be shortened.
  document.addEventListener("htmx:confirm", (event) => {
    const form = event.detail.elt;
    const area = event.detail.question && form.querySelector && form.querySelector("textarea[data-limit]");
    if (area && [...area.value.trim()].length > Number(area.dataset.limit)) {
      event.preventDefault();
      event.detail.issueRequest(true);
    }
  });

  // A note already written shows its count from the start.
  const countWritten = (root) => {
    root.querySelectorAll("textarea[data-limit]").forEach((area) => {
      if (area.value) {
        counter(area);
      }
    });
  };
  countWritten(document);
  document.addEventListener("htmx:load", (event) => countWritten(event.target));

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
    form.querySelectorAll(".field > .error:not(.aw-count-chars)").forEach((message) => message.remove());
    // Nor is a box still described by the reason it was refused (gone now) or by its save
    // status, which says "Saved" now: only by what stays, its range or scale.
    const status = form.querySelector(".aw-save-status");
    form.querySelectorAll("[aria-describedby]").forEach((input) => {
      const kept = input.getAttribute("aria-describedby").split(/\s+/).filter((id) => {
        const shown = id && document.getElementById(id);
        return shown && shown !== status;
      });
      if (kept.length) {
        input.setAttribute("aria-describedby", kept.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    });
  };

  // What was typed and is not saved yet (not sent, failed or refused) is kept only while the
  // page stays open: leaving it (another week, a reload, back) asks first.
  const unsaved = new Set();
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form[data-log]");
    if (form && form.id) {
      unsaved.add(form.id);
    }
  });
  // A set's values named as not saved after a conflict count as typed and not saved.
  const holdsUnsaved = () =>
    [...unsaved, ...notSaved.keys()].some((id) => document.getElementById(id));
  // Asked already, and the athlete chose to go: the browser's own question, which comes
  // next, is not asked on top. Only for that leaving: a page still here after it (the next
  // page did not come, say no signal) asks again the next time.
  let leaving = false;
  let stayed = 0;
  window.addEventListener("beforeunload", (event) => {
    const asked = leaving;
    leaving = false;
    if (!asked && holdsUnsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Safari on the iPhone never asks before a page is left: the page's own links and buttons
  // that leave it (another week, log out) ask here, on every phone.
  const LEAVE = "What you typed is not saved yet, and leaving this page loses it. Leave anyway?";
  const askBeforeLeaving = (event) => {
    if (!holdsUnsaved()) {
      return;
    }
    if (window.confirm(LEAVE)) {
      leaving = true;
      // A leaving that never began (nothing asked the browser to leave) is forgotten too.
      window.clearTimeout(stayed);
      stayed = window.setTimeout(() => {
        leaving = false;
      }, 1000);
    } else {
      event.preventDefault();
    }
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download")) {
      return;
    }
    if (link.dataset.opens && document.getElementById(link.dataset.opens)) {
      return; // opens a box on this page
    }
    const to = new URL(link.href, location.href);
    const samePage = to.pathname === location.pathname && to.search === location.search;
    if (/^https?:$/.test(to.protocol) && !(samePage && to.hash)) {
      askBeforeLeaving(event);
    }
  });
  // A form that asks its own question first (a new calendar address) asks this one only
  // once that is answered yes; one already on its way (a double tap) is not asked again.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches || event.defaultPrevented || form.dataset.sent) {
      return;
    }
    if (!form.matches("[data-log], [hx-post]")) {
      askBeforeLeaving(event);
    }
  });

  // A note or number still being typed goes when the phone is locked or another app comes
  // up: its change would be sent only once the box is left, and a page put away may be
  // thrown out by the phone before then. A pain report waits for its button (it asks first).
  document.addEventListener("visibilitychange", () => {
    const field = document.visibilityState === "hidden" && document.activeElement;
    const form = field && field.closest && field.closest("form[data-log]");
    if (!form || !unsaved.has(form.id) || form.hasAttribute("hx-confirm")) {
      return;
    }
    const before = sent.get(form);
    const now = values(form);
    const changed = before
      ? Object.keys(now).some((name) => now[name] !== before[name])
      : Object.keys(typedIn(form)).length > 0;
    if (changed) {
      htmx.trigger(form, "change");
    }
  });

  // A page left open overnight (a phone locked with the tab open) would show yesterday as
  // today, and today's session as another day's. Looked at again on another day, it reloads;
  // unless it holds something typed and not saved, or a calendar address shown only once:
  // then it says so, with a button to reload.
  const opened = new Date();
  const openedOn = opened.toDateString();
  const seenAgain = () => {
    if (document.visibilityState === "hidden" || new Date().toDateString() === openedOn) {
      return;
    }
    const keep = holdsUnsaved() || document.querySelector("[data-shown-once]");
    if (!keep) {
      location.reload();
      return;
    }
    if (document.querySelector(".aw-stale")) {
      return;
    }
    const notice = document.createElement("p");
    notice.className = "aw-stale";
    notice.setAttribute("role", "alert");
    const day = opened.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });
    notice.textContent = `This page was opened on ${day}: reload it to see today as it is now. `;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small";
    button.textContent = "Reload";
    button.addEventListener("click", () => location.reload());
    notice.append(button);
    const main = document.querySelector("main");
    if (main) {
      main.prepend(notice);
    }
  };
  document.addEventListener("visibilitychange", seenAgain);
  window.addEventListener("pageshow", (event) => event.persisted && seenAgain());
  window.addEventListener("focus", seenAgain);

  // Signed out while saving (a login that ended): the tab goes to the log-in page. What was
  // typed goes along in this tab's storage, for half an hour and for this athlete only, and
  // comes back after logging in, into the same forms: a log is sent again, a pain report
  // waits for its button (it asks first).
  const DRAFTS = "runstrength-unsaved";
  const KEPT_MS = 30 * 60 * 1000;
  const here = () => location.pathname + location.search;
  const who = () => (document.querySelector("meta[name=athlete]") || {}).content || "";
  // Only what was typed: a field as the page gave it may be older than what is saved now.
  const typedIn = (form) => {
    const out = {};
    form.querySelectorAll("input[name]:not([type=hidden]), textarea[name]").forEach((input) => {
      if (input.type === "checkbox" ? input.checked !== input.defaultChecked : input.value !== input.defaultValue) {
        out[input.name] = input.type === "checkbox" ? input.checked : input.value;
      }
    });
    return out;
  };
  document.addEventListener("htmx:beforeOnLoad", (event) => {
    const xhr = event.detail.xhr;
    if (!xhr || xhr.status !== 401 || !xhr.getResponseHeader("HX-Redirect")) {
      return;
    }
    const drafts = {};
    const failed = event.detail.elt.closest && event.detail.elt.closest("form[data-log]");
    [...unsaved, failed && failed.id].forEach((id) => {
      const form = id && document.getElementById(id);
      const typed = form ? typedIn(form) : {};
      if (Object.keys(typed).length) {
        drafts[id] = typed;
      }
    });
    try {
      const kept = { page: here(), who: who(), at: Date.now(), drafts };
      sessionStorage.setItem(DRAFTS, JSON.stringify(kept));
      unsaved.clear(); // kept: leaving for the log-in page need not ask
    } catch (error) {
      // No storage (a private window that refuses it): leaving asks first, as before.
    }
  });

  const bringBack = () => {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(DRAFTS) || "null");
      sessionStorage.removeItem(DRAFTS);
    } catch (error) {
      return;
    }
    const fresh = kept && Date.now() - kept.at < KEPT_MS;
    if (!fresh || kept.page !== here() || kept.who !== who()) {
      return;
    }
    Object.entries(kept.drafts).forEach(([id, fields]) => {
      const form = document.getElementById(id);
      let changed = null;
      Object.entries(form ? fields : {}).forEach(([name, value]) => {
        const input = form.querySelector(`[name="${name}"]`);
        if (!input) {
          return;
        }
        if (input.type === "checkbox") {
          input.checked = value;
        } else {
          input.value = value;
        }
        changed = input;
      });
      if (!changed) {
        return;
      }
      unsaved.add(id);
      if (form.hasAttribute("hx-confirm")) {
        const box = form.closest("details");
        if (box) {
          box.open = true;
        }
        say(form, "Not sent yet: signing in again stopped it. Tap the button to send it.", true);
      } else {
        changed.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  };
  document.addEventListener("htmx:load", (event) => {
    if (event.detail.elt === document.body) {
      bringBack();
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    // Refused saves (400, 409) are swapped in like answers, so look at the status itself.
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status < 200 || status >= 300) {
      return;
    }
    const form = event.detail.elt.closest("form[data-log]");
    if (form) {
      // Saved as sent; anything typed since is still to go.
      const before = sent.get(form);
      const now = values(form);
      if (before && Object.keys(now).every((name) => now[name] === before[name])) {
        unsaved.delete(form.id);
      }
      unsent.delete(form);
      clearProblems(form);
      if (form.classList.contains("aw-setrow")) {
        recount(form);
      }
    }
  });

  // "How sore are you today?": the link opens yesterday's session where it is folded away
  // and puts the keyboard in its soreness box. On a Monday, Sunday's session is on last
  // week's page: the link goes there, and that page opens the box its address names.
  function reveal(field) {
    for (let box = field.closest("details"); box; box = box.parentElement.closest("details")) {
      box.open = true;
    }
    field.scrollIntoView({ block: "center" });
    field.focus();
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-opens]");
    const field = link && document.getElementById(link.dataset.opens);
    if (field) {
      event.preventDefault();
      reveal(field);
    }
  });
  const named = /^#soreness-\d+$/.test(location.hash) && document.querySelector(location.hash);
  if (named) {
    reveal(named);
  }
})();
