// Small enhancements; every page works without them.

// A form that asks before it acts carries its question in a field (`ask`), or in the button
// that sends it (one of a list's Remove buttons sending the form the list shares): without
// script the server asks it on a page of its own. Here the browser's dialog asks, and the
// field is left out of the form sent once answered yes, so the form acts at once.
function question(form, button) {
  if (button && button.name === "ask") {
    return button.value;
  }
  return form.querySelector("input[name=ask]")?.value || form.dataset.confirm;
}
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  // Already confirmed and on its way (a double click): not asked again, and not sent again.
  if (!form || form.dataset.sent) {
    return;
  }
  const ask = form.querySelector("input[name=ask]");
  if (window.confirm(question(form))) {
    if (ask) {
      ask.disabled = true; // not sent; still read as the question if the page is back
    }
  } else {
    event.preventDefault();
  }
}, true);
// Forms htmx sends: asked the same way (the server does not ask again what htmx sends).
document.addEventListener("htmx:confirm", (event) => {
  const form = event.detail.elt.closest("form");
  const button = event.detail.triggeringEvent?.submitter;
  const asks = form && (form.querySelector("input[name=ask]") || button?.name === "ask");
  if (!asks || form.matches("[data-confirm]")) {
    return;
  }
  event.preventDefault();
  if (window.confirm(question(form, button))) {
    event.detail.issueRequest(true);
  }
});

// A form sent the ordinary way goes once: a second click while the next page is on its way
// would save a second copy (a 1RM test, an athlete). Forms htmx sends are its own to handle.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method !== "post" || form.matches("[hx-post]")) {
    return;
  }
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  // A send that got no answer in half a minute (the connection dropped) may be tried again.
  window.setTimeout(() => delete form.dataset.sent, 30000);
});
// Back to a page from the browser's history: its forms can be sent again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sent]").forEach((form) => delete form.dataset.sent);
});

document.addEventListener("click", (event) => {
  const input = event.target.closest("input.copy");
  if (input) {
    input.select();
  }
});

// A link shown once gets a Copy button beside it (without JavaScript: select and copy).
const copyText = async (input) => {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(input.value);
    return;
  }
  input.select();
  if (!document.execCommand("copy")) {
    throw new Error("copy refused");
  }
};

document.querySelectorAll("input.copy").forEach((input) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-small copy-button";
  button.textContent = "Copy";
  const status = document.createElement("span");
  status.className = "copy-status small";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await copyText(input);
      status.textContent = "Copied.";
    } catch (error) {
      input.select();
      status.textContent = "Selected: copy it with your device's copy command.";
    }
  });
  input.after(button, status);
});

// With DEBUG on, django-htmx shows any 4xx or 5xx answer as a whole error page. Ours are
// form fragments with the message by the field (400, 409, 422), or a record gone (404,
// 410) that the page says in its own words, so they stay with the handlers below.
window.addEventListener("htmx:beforeOnLoad", (event) => {
  if ([400, 404, 409, 410, 422].includes(event.detail.xhr.status)) {
    event.stopPropagation();
  }
}, true);

// htmx: a refused or failed request keeps what was typed and says so in the target.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status === 400 || status === 409 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A request that did not arrive, or that the server could not answer, says so beside what
// was clicked: in the load grid's cell, else just after the form. The athlete's log forms
// (data-log) have their own messages and retry (athlete.js); polls just try again.
const FAILED = {
  network: "no connection. Nothing on this page is lost; try again.",
  server: "the server had a problem. Nothing on this page is lost; try again in a moment.",
  forbidden: "this page is out of date. Reload it, then try again.",
  gone: "this item is no longer there. Reload the page.",
};

const failedNote = (elt) => {
  if (!elt || elt.closest("[data-log]") || (elt.getAttribute("hx-trigger") || "").includes("every")) {
    return null;
  }
  const cell = elt.closest("td.cell");
  if (cell) {
    return { parent: cell, before: null };
  }
  const form = elt.closest("form") || elt;
  return { parent: form.parentNode, before: form.nextSibling };
};

const sayFailed = (event, reason) => {
  const elt = event.detail.elt;
  const place = failedNote(elt);
  if (!place || !place.parent) {
    return;
  }
  const verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "post";
  const what = verb === "get" ? "Not loaded" : "Not saved";
  let note = place.parent.querySelector(":scope > .request-failed");
  if (!note) {
    note = document.createElement("p");
    note.className = "request-failed";
    note.setAttribute("role", "alert");
    place.parent.insertBefore(note, place.before);
  }
  note.textContent = `${what}: ${FAILED[reason]}`;
};

document.addEventListener("htmx:beforeRequest", (event) => {
  const place = failedNote(event.detail.elt);
  const old = place && place.parent && place.parent.querySelector(":scope > .request-failed");
  if (old) {
    old.remove();
  }
});

document.addEventListener("htmx:sendError", (event) => sayFailed(event, "network"));

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  if (status >= 500) {
    sayFailed(event, "server");
  } else if (status === 403) {
    sayFailed(event, "forbidden");
  } else if (status === 404 || status === 410) {
    sayFailed(event, "gone");
  }
});

// Load grid: Escape closes an open cell editor without saving.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const editor = event.target.closest && event.target.closest(".cell-editor");
  const cancel = editor && editor.querySelector(".cell-cancel");
  if (cancel) {
    event.preventDefault();
    cancel.click();
  }
});

// Load grid: keys typed while a cell's editor is on its way (a click or Enter on the cell,
// then the new load at once) are kept, and typed into the field it opens on once it is
// there: characters and Backspace, then Enter, which saves what was typed.
let typedAhead = null; // { cell: the cell's id, keys: [...] }

document.addEventListener("htmx:beforeRequest", (event) => {
  const opener = event.detail.elt;
  if (opener && opener.matches && opener.matches("td.cell a.cell-open")) {
    typedAhead = { cell: opener.closest("td.cell").id, keys: [] };
  }
});

document.addEventListener("keydown", (event) => {
  const active = document.activeElement;
  const waiting = typedAhead && (!active || active === document.body ||
    (active.matches("a.cell-open") && active.closest("td.cell").id === typedAhead.cell));
  if (!waiting || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
    return;
  }
  const key = event.key;
  if (key === "Escape") {
    typedAhead = null; // nothing typed ahead is wanted any more, nor what comes after
  } else if (key.length === 1 || key === "Backspace" || (key === "Enter" && !event.repeat)) {
    event.preventDefault(); // not on the cell's link (Enter would ask for the editor again)
    typedAhead.keys.push(key);
  }
}, true);

const typeAhead = (input, keys) => {
  let submit = false;
  keys.forEach((key) => {
    const start = input.selectionStart;
    const end = input.selectionEnd;
    if (key === "Enter") {
      submit = true;
    } else if (key === "Backspace") {
      input.setRangeText("", start === end ? Math.max(0, start - 1) : start, end, "end");
    } else {
      input.setRangeText(key, start, end, "end");
    }
  });
  input.dispatchEvent(new Event("input", { bubbles: true })); // the editor's sums
  // Enter with nothing typed before it only asked for the editor.
  if (submit && keys.some((key) => key !== "Enter") && input.form) {
    input.form.requestSubmit();
  }
};

// Answered with something else than an editor (a logged cell), or not answered: forgotten.
["htmx:afterSettle", "htmx:sendError", "htmx:responseError"].forEach((name) => {
  document.addEventListener(name, (event) => {
    const cell = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("td.cell");
    if (typedAhead && cell && cell.id === typedAhead.cell) {
      typedAhead = null;
    }
  });
});

// Load grid: the field an editor opens on has its value selected, so a number typed takes
// its place, as in a spreadsheet, instead of running on after it (3 typed over 4 sets is 3,
// not 43); what was typed while the editor was on its way goes there.
document.addEventListener("focusin", (event) => {
  const input = event.target;
  if (input.matches && input.matches(".cell-editor input[autofocus]")) {
    input.select();
    const cell = input.closest("td.cell");
    if (typedAhead && cell && cell.id === typedAhead.cell) {
      const keys = typedAhead.keys;
      typedAhead = null;
      if (keys.length) {
        typeAhead(input, keys);
      }
    }
  }
});

// The export menu and the panels that open a form in place (rename a programme, change a
// phase or a session, record a test, accept a rule): Escape closes the one the keyboard is in, keeping
// what was typed, and gives the keyboard back to the button that opened it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) {
    return;
  }
  const panel = event.target.closest &&
    event.target.closest("details[open]:is(.export-menu, .details-edit, .phase-edit, .session-edit, .add-test, .accept)");
  const summary = panel && panel.querySelector(":scope > summary");
  if (summary) {
    event.preventDefault();
    panel.open = false;
    summary.focus();
  }
});

// Load grid: keep the keyboard where it was. A saved cell gives the focus back to the same
// plus/minus button or to the cell itself; a refused edit puts it on the field in error, or
// on the message when the change as a whole was refused.
let gridFocus = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (!target || !target.matches || !target.matches("td.cell")) {
    return;
  }
  const active = document.activeElement;
  const inside = active && target.contains(active);
  gridFocus = inside ? { id: target.id, label: active.getAttribute("aria-label") } : null;
});

document.addEventListener("htmx:afterSettle", () => {
  if (!gridFocus) {
    return;
  }
  const cell = document.getElementById(gridFocus.id);
  const label = gridFocus.label;
  gridFocus = null;
  if (!cell) {
    return;
  }
  const invalid = cell.querySelector(".has-error input, [aria-invalid='true']");
  const same = label && Array.from(cell.querySelectorAll("[aria-label]")).find(
    (control) => control.getAttribute("aria-label") === label,
  );
  // A refusal of the change as a whole (no field in error): its message.
  const refused = cell.querySelector(".cell-refused");
  const target = invalid || refused || same || cell.querySelector(".cell-open");
  if (target) {
    target.focus();
  }
});

// Plan page: the plan made while the page waited takes the place of its status (and of the
// Try again button). The keyboard, and a screen reader, go on from its heading rather than
// from the top of the page; a keyboard busy elsewhere (the menu) is left where it is.
document.addEventListener("htmx:afterSettle", (event) => {
  const body = event.target;
  const heading = body && body.id === "plan-body" && body.querySelector("#plan-title");
  const active = document.activeElement;
  if (heading && (!active || active === document.body || body.contains(active))) {
    heading.focus();
  }
});

// A failed plan or PDF tried again: the status its button stood in is replaced, with the
// button. The keyboard, and a screen reader, go on from the new status (and stay on it as it
// updates itself) rather than from the top of the page; once the plan is made, its heading
// takes them (above).
let jobFocus = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const active = document.activeElement;
  const status = target && target.matches && target.matches("#plan-job, #export-status");
  jobFocus = status && active && active !== document.body && target.contains(active) ? target.id : null;
});

document.addEventListener("htmx:afterSettle", () => {
  const status = jobFocus && document.getElementById(jobFocus);
  jobFocus = null;
  const active = document.activeElement;
  if (status && (!active || active === document.body)) {
    status.focus();
  }
});

// Load grid: an editor opened near the edge of the scrolled grid comes fully into view.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  const cell = target && target.id && document.getElementById(target.id);
  if (cell && cell.matches("td.cell.editing")) {
    cell.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
});

// Load grid editor: what the typed numbers come to, before they are saved. The server checks
// everything again on save; this only saves the coach a round trip of guessing.
const plain = (value) => String(Math.round(value * 10) / 10);

const liveSums = (editor) => {
  const line = editor.querySelector(".cell-live");
  if (!line) {
    return;
  }
  const field = (name) => editor.querySelector(`[name="${name}"]`);
  const number = (input) => {
    const text = input ? input.value.trim().replace(",", ".") : "";
    return text === "" || Number.isNaN(Number(text)) ? null : Number(text);
  };
  // Changed as the server sees it: "60.0" over "60" is the same number.
  const changed = (input) => {
    if (!input || input.value.trim() === input.defaultValue.trim()) {
      return false;
    }
    const now = number(input);
    const before = input.defaultValue.trim() === "" ? null : Number(input.defaultValue);
    return now === null || before === null || now !== before;
  };
  const load = field("load");
  const percent = field("percent_1rm");
  const oneRm = Number(editor.dataset.oneRm || 0);
  const unit = editor.dataset.unit || "";
  const step = Number(editor.dataset.step || 0);
  const most = Number(editor.dataset.max || 0);
  const says = [];
  const onStep = (value) => !step || Math.abs(value / step - Math.round(value / step)) < 1e-9;
  const fromPercent = (value) => Math.floor((oneRm * value) / 100 / step + 1e-9) * step;
  const bothTyped = changed(load) && changed(percent) && number(load) !== null &&
    number(percent) !== null;
  // The server's own words for what it will refuse (schedules/forms.py), before any sum.
  if (changed(load) && number(load) !== null && number(load) < 0) {
    says.push("The load cannot be below zero.");
  } else if (changed(load) && number(load) === 0) {
    says.push(`A load of 0 ${unit} lifts nothing: ` + (oneRm
      ? "enter the weight to lift, or empty the box to take the load of the % 1RM."
      : "leave the box empty for body weight alone (or to go by effort), or enter the weight to lift."));
  } else if (changed(load) && most && number(load) !== null && number(load) > most) {
    says.push(`${plain(number(load))} ${unit} is more than anyone lifts here.`);
  } else if (changed(percent) && number(percent) !== null && number(percent) < 30) {
    says.push("Use 30 % of 1RM or more; lighter work goes by RIR.");
  } else if (changed(load) && number(load) !== null && !onStep(number(load))) {
    says.push(`Use a multiple of ${plain(step)} ${unit} (the plate step).`);
  } else if (changed(percent) && number(percent) !== null && number(percent) > 100) {
    says.push("Enter 100 % of 1RM or less.");
  } else if (bothTyped && oneRm && step && fromPercent(number(percent)) !== number(load)) {
    says.push(`${plain(number(percent))} % would be ${plain(fromPercent(number(percent)))} ${unit}: ` +
      "change the load or the %, not both.");
  } else if (oneRm && changed(load) && number(load) !== null) {
    const share = (number(load) / oneRm) * 100;
    says.push(`${plain(number(load))} ${unit} is ${plain(share)} % of the ${plain(oneRm)} ${unit} 1RM` +
      (share > 100 ? ": above it." : "."));
  } else if (oneRm && step && changed(percent) && number(percent) !== null) {
    const kg = fromPercent(number(percent));
    says.push(`${plain(number(percent))} % of the ${plain(oneRm)} ${unit} 1RM is ${plain(kg)} ${unit} on the plate step.`);
  }
  if (number(field("rir")) === 0) {
    says.push("RIR 0 is training to failure (S3): stop 1-2 reps short.");
  }
  line.textContent = says.join(" ");
};

// Worked out once typing pauses: the line is a live region, read out at each change, and
// "7", "72", "72.", "72.5" are not four things to hear.
const sumsLater = new WeakMap();
document.addEventListener("input", (event) => {
  const editor = event.target.closest && event.target.closest(".cell-editor");
  if (editor) {
    window.clearTimeout(sumsLater.get(editor));
    sumsLater.set(editor, window.setTimeout(() => liveSums(editor), 400));
  }
});

// Load grid: a carry forward sends the version of each cell in the row as this page shows
// it, so the server refuses it (409) rather than overwrite a change made since.
document.addEventListener("htmx:configRequest", (event) => {
  const button = event.detail.elt;
  const row = button.name === "scope" && button.closest(".cell-editor") && button.closest("tr");
  if (!row) {
    return;
  }
  const shown = {};
  row.querySelectorAll("td[data-version]").forEach((cell) => {
    shown[cell.id.replace("cell-", "")] = Number(cell.dataset.version);
  });
  event.detail.parameters.row_versions = JSON.stringify(shown);
});

// Load grid: a carry forward or an undo reloads the page. The keyboard comes back to the
// cell or the undo button it left, and the message on top is read out, instead of both
// starting again at the top of the page.
const RETURN_KEY = "runstrength-grid-return";

document.addEventListener("click", (event) => {
  const carry = event.target.closest(".cell-editor .carry button");
  const undo = event.target.closest("#grid-history form button");
  const cell = carry && carry.closest("td.cell");
  // With nothing left to undo its button comes back disabled: the panel takes the focus.
  const place = cell ? `#${cell.id} .cell-open` : undo ? "#grid-history button:enabled" : null;
  if (place) {
    const back = { path: window.location.pathname, place, at: Date.now() };
    try {
      sessionStorage.setItem(RETURN_KEY, JSON.stringify(back));
    } catch (error) {
      // Storage turned off: the page reloads at its top, as without this.
    }
  }
});

const returnToGrid = () => {
  let back = null;
  try {
    back = JSON.parse(sessionStorage.getItem(RETURN_KEY) || "null");
    sessionStorage.removeItem(RETURN_KEY);
  } catch (error) {
    back = null; // storage turned off, or not what this page wrote
  }
  // An undo refused (409) answers at the undo's own address, with the grid as it is now.
  const grid = window.location.pathname.replace(/undo\/$/, "");
  const fresh = back && back.path === grid && Date.now() - back.at < 30000;
  const target = fresh && (document.querySelector(back.place) ||
    (back.place.startsWith("#grid-history") && document.getElementById("grid-history")));
  if (!target) {
    return;
  }
  target.focus();
  target.scrollIntoView({ block: "nearest", inline: "nearest" });
  const flash = document.querySelector(".messages");
  const say = document.getElementById("grid-announce");
  if (flash && say) {
    // Filled a moment after the page is read, so the status line announces it.
    window.setTimeout(() => {
      say.textContent = flash.textContent.trim();
    }, 300);
  }
};

// Load grid: opened at the week under way (past weeks are history), or at the week asked
// for (from the squad's week), unless the keyboard is being brought back to a cell.
const showThisWeek = () => {
  const frame = document.getElementById("grid");
  const week =
    frame && (frame.querySelector("th.shown-week") || frame.querySelector("th.this-week"));
  const names = frame && frame.querySelector("thead .rowhead");
  // Not on a page sent back about a cell (a refused carry): that cell is what matters.
  const grid = window.location.pathname.endsWith("/loads/");
  if (grid && week && names && document.activeElement === document.body) {
    frame.scrollLeft += week.getBoundingClientRect().left - names.getBoundingClientRect().right;
  }
};

if (document.getElementById("grid-announce")) {
  returnToGrid();
  showThisWeek();
}

// Progress: on a phone the weekly volume chart scrolls sideways; it opens with the week under
// way in view near its right edge, the weeks before it beside it, not at a long plan's start.
const volume = document.querySelector(".pg-wide[data-this-week]");
if (volume && volume.scrollWidth > volume.clientWidth) {
  const at = Number(volume.dataset.thisWeek) * volume.scrollWidth;
  volume.scrollLeft = at - volume.clientWidth * 0.75;
}

// Programme builder: a change that brings back a whole phase or session (a session renamed,
// moved or added, an exercise added, moved or removed) leaves the other editors in it as
// they were, with what was typed: an exercise being edited or added, and a phase's or a
// session's form opened or typed in. Not after a refusal because someone else changed the
// programme (409): the page then shows it as it is now, and what they typed against it.
let builderKept = [];
let builderRestored = [];

const typedIn = (form) =>
  Array.from(form.elements).some((field) => {
    if (!field.name || field.type === "hidden" || field.disabled) {
      return false;
    }
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      const shown = Array.from(field.options).findLastIndex((option) => option.defaultSelected);
      return field.selectedIndex !== Math.max(shown, 0);
    }
    return field.value !== field.defaultValue;
  });

document.addEventListener("htmx:beforeSwap", (event) => {
  builderKept = [];
  builderRestored = [];
  const target = event.detail.target;
  const sender = event.detail.requestConfig && event.detail.requestConfig.elt; // what sent it
  const status = event.detail.xhr.status;
  const inBuilder = target && target.matches && target.matches(".builder [id]");
  if (!sender || !inBuilder || ![200, 400].includes(status)) {
    return;
  }
  // An exercise's editor, found again by its id.
  target.querySelectorAll("li.rx-editing[id], .rx-new[id]").forEach((editor) => {
    if (editor.querySelector("form") && !editor.contains(sender)) {
      builderKept.push({ node: editor, id: editor.id });
    }
  });
  // A phase's or a session's form, found again by where it sends.
  target.querySelectorAll("form[action]").forEach((form) => {
    if (form.closest("li.rx-editing, .rx-new") || form.contains(sender)) {
      return;
    }
    const panel = form.closest("details");
    const open = Boolean(panel && panel.open);
    // Typed in, or sent back refused with what was typed (the page's values, not the saved).
    const typed = typedIn(form) || form.querySelector(".has-error") !== null;
    if (open || typed) {
      builderKept.push({ node: form, action: form.getAttribute("action"), open, typed });
    }
  });
});

document.addEventListener("htmx:afterSwap", () => {
  const kept = builderKept;
  builderKept = [];
  kept.forEach((item) => {
    if (item.node.isConnected) {
      return;
    }
    const forms = Array.from(document.querySelectorAll(".builder form[action]"));
    const now = item.id
      ? document.getElementById(item.id)
      : forms.find((form) => form.getAttribute("action") === item.action);
    if (!now) {
      return; // gone with what was removed (a session, a phase)
    }
    const keep = item.id || item.typed;
    if (keep) {
      now.replaceWith(item.node);
      builderRestored.push(item.node);
    }
    const panel = item.open && (keep ? item.node : now).closest("details");
    if (panel) {
      panel.open = true;
    }
  });
  // Sent again, they carry the programme's version as the page has it now.
  const version = Array.from(document.querySelectorAll("input.tpl-version")).find(
    (input) => !builderRestored.some((node) => node.contains(input))
  );
  builderRestored.forEach((node) => {
    if (version) {
      node.querySelectorAll("input.tpl-version").forEach((input) => {
        input.value = version.value;
      });
    }
    htmx.process(node); // its requests, taken off when it was swapped out
  });
});

// Programme builder: the keyboard stays where it was when a part of the page is replaced.
// An opened editor takes it in its first field (or the field in error); a saved or closed
// exercise gives it back to its Edit button; a moved one keeps it on the same arrow; what
// has gone (a removed exercise) leaves it on the part that was replaced.
let builderFocus = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const active = document.activeElement;
  builderFocus = null;
  // The programme's name and description are edited in its head, above the builder.
  const inBuilder =
    target && target.closest && (target.closest(".builder") || target.id === "program-head");
  if (!inBuilder || !target.contains(active)) {
    return;
  }
  const row = active.closest("li.rx[id]");
  builderFocus = {
    target: target.id,
    row: row ? row.id : null,
    id: active.id,
    label: active.getAttribute("aria-label"),
    text: active.textContent.trim(),
    rows: Array.from(target.querySelectorAll("li.rx[id]"), (item) => item.id),
    fromNew: Boolean(active.closest(".rx-new")),
    // A phase's settings saved as another kind: the phase keeps its id, not its words.
    settingsOf: active.closest(".phase-edit") ? active.closest("section.phase[id]").id : null,
  };
});

// An open editor's field in error, else its first field (the exercise choice). Asked in
// turn: one selector list would give whichever comes first in the page.
// Not one of the editors left open as they were (above): the keyboard is not taken there.
const editorField = (area) => {
  const first = (selector) =>
    Array.from(area.querySelectorAll(selector)).find(
      (field) => !builderRestored.some((node) => node.contains(field))
    );
  return (
    first("[aria-invalid='true']") ||
    first(".rx-form select, .rx-form input:not([type=hidden]), .rx-form textarea")
  );
};

document.addEventListener("htmx:afterSettle", () => {
  if (!builderFocus) {
    return;
  }
  const { target, id, row, label, text, rows, fromNew, settingsOf } = builderFocus;
  builderFocus = null;
  const area = (row && document.getElementById(row)) || document.getElementById(target);
  if (!area) {
    return;
  }
  // An exercise just added: the keyboard goes to it (its Edit button), not the session.
  const added = Array.from(area.querySelectorAll("li.rx[id]")).find((item) => !rows.includes(item.id));
  const addedEdit = added && added.querySelector("[aria-label^='Edit ']");
  const enabled = (control) => !control.disabled;
  const controls = Array.from(area.querySelectorAll("a[href], button, summary")).filter(enabled);
  // A control that came back inside a closed panel (a saved phase's Save button) cannot
  // take the keyboard: the panel's summary, which opens it again, takes it instead.
  const reachable = (control) => {
    const closed = control && control.closest("details:not([open])");
    return closed && control.tagName !== "SUMMARY" ? closed.querySelector("summary") : control;
  };
  // A control that keeps its id when its words change (a renamed session's Save button).
  const byId = id && area.querySelector(`[id="${id}"]`);
  const same = reachable(
    (label && controls.find((control) => control.getAttribute("aria-label") === label)) ||
      (!label && text && controls.find((control) => control.textContent.trim() === text)) ||
      (byId && enabled(byId) ? byId : null)
  );
  // An arrow that came back disabled (a session moved to the top): the other one of its row.
  const stuck = byId && !enabled(byId) ? byId.closest(".row-actions") : null;
  const beside = stuck && Array.from(stuck.querySelectorAll("button")).find(enabled);
  // A removed exercise: the keyboard goes to the one now in its place (else the one before
  // it, else the session's Add button), not back up to the session's first exercise.
  const items = Array.from(area.querySelectorAll("li.rx[id]"));
  const gone = row && !document.getElementById(row);
  const neighbour = gone && items[Math.min(rows.indexOf(row), items.length - 1)];
  const addButton = controls.find((control) => control.textContent.trim() === "+ Add exercise");
  let edit = null;
  if (gone) {
    edit = (neighbour && neighbour.querySelector("[aria-label^='Edit ']")) || addButton;
  } else if (row) {
    edit = area.querySelector("[aria-label^='Edit ']");
  }
  // A new exercise's form closed without adding: back to the button that opened it.
  const adder = fromNew && addButton;
  const phase = settingsOf && document.getElementById(settingsOf);
  const settings = phase && phase.querySelector(".phase-edit summary");
  let next = editorField(area) || addedEdit || same || adder || edit || beside || settings;
  if (!next) {
    area.setAttribute("tabindex", "-1");
    next = area;
  }
  next.focus();
});

// Programme builder: busy while a change is on its way (it takes one at a time), and said so
// to screen readers.
document.addEventListener("htmx:beforeRequest", (event) => {
  const builder = event.detail.elt.closest && event.detail.elt.closest(".builder");
  if (builder) {
    builder.setAttribute("aria-busy", "true");
  }
});

document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  const builder = (elt.isConnected && elt.closest(".builder")) || document.querySelector(".builder");
  if (builder) {
    builder.removeAttribute("aria-busy");
  }
});

// A click while busy is not sent (the change before it is still on its way): said, so that
// a keyboard or screen-reader user knows to try again. Looked at on the way down, before
// htmx has seen the click: afterwards the builder is busy with the very request it started.
document.addEventListener("click", (event) => {
  const busy = event.target.closest && event.target.closest(".builder[aria-busy='true']");
  const control = busy && event.target.closest("button, a[hx-get], summary");
  if (!control) {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
  const status = document.getElementById("builder-status");
  if (status) {
    const note = document.createElement("p");
    note.className = "flash flash-warning";
    note.textContent = "Still saving the last change: try again in a moment.";
    status.replaceChildren(note);
  }
}, true);

// Programme builder: Escape closes an exercise's editor without saving.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const form = event.target.closest && event.target.closest(".builder .rx-form");
  const cancel = form && form.querySelector(".rx-cancel");
  if (cancel) {
    event.preventDefault();
    cancel.click();
  }
});

// Filtered lists (roster, exercises): the new count is read out. The list is replaced whole,
// and a live region that arrives with it is seldom announced, so the page's own says it.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  const said = document.getElementById("page-announce");
  const count = target && target.id && document.getElementById(target.id);
  const words = count && count.querySelector("[data-announce]");
  if (said && words) {
    said.textContent = words.textContent.trim();
  }
});

// Squad week: the percentage box only while "scale" is chosen (a deload keeps the loads).
const percentFor = (form) => {
  const action = form.elements.namedItem("action"); // its buttons: the value of the one chosen
  const percent = form.querySelector("input[name=percent]");
  const field = percent && percent.closest(".field");
  if (action && field) {
    field.hidden = action.value === "deload";
  }
};

document.querySelectorAll("form.scale-week").forEach(percentFor);
document.addEventListener("change", (event) => {
  const form = event.target.closest && event.target.closest("form.scale-week");
  if (form && event.target.name === "action") {
    percentFor(form);
  }
});

// A page that comes back after a form was sent: its messages are read out, and a form sent
// back with mistakes puts the keyboard on the first one. A status region that arrives with
// the page is seldom announced, so the page's own live region says the messages a moment
// after the page is read (the load grid does so in its own status line).
const afterLoad = () => {
  const flash = document.querySelector("main > .messages");
  const said = document.getElementById("page-announce");
  if (flash && said && !document.getElementById("grid-announce")) {
    window.setTimeout(() => {
      said.textContent = flash.textContent.trim();
    }, 300);
  }
  // Forms that were sent (a search form's odd query is no reason to move the keyboard).
  const sent = "main form[method=post i]";
  // A field marked invalid first; a field in a part marked so only when none is (the
  // choice ticked there, if one is: a radio group is entered on its ticked choice).
  const invalid =
    document.querySelector(`${sent} [aria-invalid='true']`) ||
    document.querySelector(`${sent} .has-error input:checked`) ||
    document.querySelector(`${sent} .has-error :is(input, select, textarea)`);
  const summary = document.querySelector(`${sent} .form-errors`);
  const active = document.activeElement;
  const placed = active && active !== document.body;
  if (placed && !(active.hasAttribute("autofocus") && (invalid || summary) && active !== invalid)) {
    return; // a field the page focuses itself (the grid's return, or no mistake to show)
  }
  const target = invalid || summary;
  if (!target) {
    return;
  }
  if (!invalid) {
    summary.setAttribute("tabindex", "-1");
  }
  target.focus();
};

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", afterLoad);
} else {
  afterLoad();
}

// The export menu's panel hangs from its button's right edge; where the buttons sit at the
// left of the page (under a long title) that would put it past the window's left edge, so
// it hangs from the left edge of its button instead.
document.addEventListener("toggle", (event) => {
  const menu = event.target;
  if (!(menu instanceof HTMLDetailsElement) || !menu.matches(".export-menu") || !menu.open) {
    return;
  }
  const panel = menu.querySelector(".export-panel");
  if (!panel) {
    return;
  }
  panel.classList.remove("from-left");
  if (panel.getBoundingClientRect().left < 0) {
    panel.classList.add("from-left");
  }
}, true);

// Roster: a box ticking every athlete shown (without JavaScript: tick each one).
const showPickAll = () => {
  document.querySelectorAll("input.pick-all[hidden]").forEach((box) => {
    box.hidden = false;
  });
};
showPickAll();
document.addEventListener("htmx:afterSettle", showPickAll);
document.addEventListener("change", (event) => {
  const box = event.target;
  if (box.matches("input.pick-all")) {
    document.querySelectorAll(`input[name="athletes"][form="${box.getAttribute("form")}"]`)
      .forEach((pick) => {
        pick.checked = box.checked;
      });
  } else if (box.matches('input[name="athletes"]')) {
    const all = document.querySelector(`input.pick-all[form="${box.getAttribute("form")}"]`);
    if (all) {
      const picks = [...document.querySelectorAll(`input[name="athletes"][form="${box.getAttribute("form")}"]`)];
      all.checked = picks.every((pick) => pick.checked);
    }
  }
});

// Load grid opened while the plan is made again: its status is asked after every second and,
// once the plan is made, the grid reloads with the new cells. Not with a cell's editor open,
// whose typing a reload would lose: the status says the plan is made and offers the reload.
document.addEventListener("htmx:beforeOnLoad", (event) => {
  const status = event.detail.elt;
  const made = event.detail.xhr.getResponseHeader("HX-Refresh") === "true";
  if (status.id !== "plan-job" || !made || !document.querySelector(".loadgrid .cell-editor")) {
    return;
  }
  event.preventDefault();
  const said = document.createElement("div");
  said.id = "plan-job";
  said.className = "job job-done";
  said.setAttribute("role", "status");
  const line = document.createElement("p");
  const reload = document.createElement("a");
  reload.href = window.location.pathname;
  reload.textContent = "Reload the grid";
  line.append("The plan is made again. ", reload, " for its new loads (the cell open for editing is of the plan before).");
  said.append(line);
  status.replaceWith(said);
});
