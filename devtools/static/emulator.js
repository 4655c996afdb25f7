/* Tidtam LINE emulator page. Plain JS, no framework, no network beyond this server.
 *
 * The server records what the bot sent to the fake LINE API (GET /emulator/api/messages) and what
 * users sent through this page (`sent` in the same answer). This page polls it for the selected
 * user, renders LINE message objects (text, flex, image, quick replies) as a phone chat would, and
 * shows in red every request LINE would refuse.
 */
(function () {
  "use strict";

  var POLL_MS = 700;
  var NEW_USER = "__new__";
  var ROLE_NAMES = {
    officer: "เจ้าหน้าที่หน่วยงานในพื้นที่",
    division: "กอง/สำนัก",
    central: "กองแผนงาน",
    admin: "ผู้ดูแลระบบ",
  };
  var ROLE_ORDER = ["officer", "division", "central", "admin"];
  var ROLE_UNIT_KINDS = {
    officer: ["office"],
    division: ["division"],
    central: ["central"],
    admin: ["central", "division"],
  };
  var STORAGE_NEW = "tidtam-emulator-new-users";
  var STORAGE_SELECTED = "tidtam-emulator-selected";

  var $ = function (id) { return document.getElementById(id); };
  var els = {
    select: $("user-select"), card: $("user-card"), newForm: $("new-user-form"),
    newName: $("new-user-name"), newButton: $("new-user-button"), chat: $("chat"),
    quick: $("quick-reply"), input: $("message-input"), send: $("send-button"),
    follow: $("follow-button"), sticker: $("sticker-button"), image: $("image-button"),
    subtitle: $("chat-subtitle"), clock: $("clock-note"), invitePanel: $("invite-panel"),
    inviteRole: $("invite-role"), inviteUnit: $("invite-unit"), inviteButton: $("invite-button"),
    inviteResult: $("invite-result"), richMenu: $("rich-menu"), richPanel: $("rich-menu-panel"),
    richImage: $("rich-menu-image"), richAreas: $("rich-menu-areas"), richBar: $("rich-menu-bar"),
  };

  var registered = [];          // users from the database
  var newUsers = loadJSON(STORAGE_NEW, []);  // users created on this page, not yet registered
  var usersKey = "";
  var units = null;
  var current = null;           // the selected user object, or null
  var view = freshView();
  var polling = false;
  var pollAgain = false;
  var offline = false;

  function freshView() {
    return {
      next: 0, seenIndex: {}, seqEls: {}, clientEls: {}, generation: (view ? view.generation : 0) + 1,
      greet: false, menuId: null,
    };
  }

  function loadJSON(key, fallback) {
    try { return JSON.parse(sessionStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }

  function saveJSON(key, value) {
    try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function randomHex(n) {
    var bytes = new Uint8Array(n);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function api(path, options) {
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function setOffline(value) {
    if (offline === value) return;
    offline = value;
    document.body.classList.toggle("offline", value);
    updateHeader();
  }

  // --- Users -------------------------------------------------------------------------------------

  function allUsers() {
    var known = {};
    registered.forEach(function (u) { known[u.line_user_id] = true; });
    return registered.concat(newUsers.filter(function (u) { return !known[u.line_user_id]; }));
  }

  function findUser(id) {
    return allUsers().filter(function (u) { return u.line_user_id === id; })[0] || null;
  }

  function refreshUsers() {
    return api("/emulator/api/users").then(function (r) {
      if (!r.ok) return;
      registered = r.data.users || [];
      var key = JSON.stringify(registered) + "|" + JSON.stringify(newUsers);
      if (key !== usersKey) {
        usersKey = key;
        buildSelect();
      }
    }).catch(function () { setOffline(true); });
  }

  function buildSelect() {
    var selected = current ? current.line_user_id : (sessionStorage.getItem(STORAGE_SELECTED) || "");
    els.select.textContent = "";
    ROLE_ORDER.forEach(function (role) {
      var group = el("optgroup");
      group.label = ROLE_NAMES[role];
      registered.filter(function (u) { return u.role === role; }).forEach(function (u) {
        var option = el("option", null, u.display_name + " · " + u.unit);
        option.value = u.line_user_id;
        group.appendChild(option);
      });
      if (group.children.length) els.select.appendChild(group);
    });
    var pending = allUsers().filter(function (u) { return !u.role; });
    var group = el("optgroup");
    group.label = "ยังไม่ลงทะเบียน";
    pending.forEach(function (u) {
      var option = el("option", null, u.display_name + " (ผู้ใช้ใหม่)");
      option.value = u.line_user_id;
      group.appendChild(option);
    });
    var create = el("option", null, "+ ผู้ใช้ใหม่ (ยังไม่ลงทะเบียน)…");
    create.value = NEW_USER;
    group.appendChild(create);
    els.select.appendChild(group);

    if (!findUser(selected)) {
      var firstOfficer = registered.filter(function (u) { return u.role === "officer"; })[0];
      selected = firstOfficer ? firstOfficer.line_user_id : (registered[0] ? registered[0].line_user_id : NEW_USER);
      if (current && current.line_user_id === selected) current = null;
    }
    els.select.value = selected;
    if (!current || current.line_user_id !== selected) {
      selectUser(selected);
    } else {
      current = findUser(selected);
      showUserCard();
    }
  }

  function selectUser(id) {
    els.newForm.hidden = id !== NEW_USER;
    current = id === NEW_USER ? null : findUser(id);
    if (current) sessionStorage.setItem(STORAGE_SELECTED, current.line_user_id);
    view = freshView();
    els.chat.textContent = "";
    showQuickReplies(null);
    showUserCard();
    if (!current) {
      els.chat.appendChild(el("div", "system-note", "ตั้งชื่อผู้ใช้ใหม่ทางซ้ายมือ แล้วกด “สร้าง”"));
      if (id === NEW_USER) setTimeout(function () { els.newName.focus(); }, 0);
      loadRichMenu();
      return;
    }
    view.greet = !!current.role;  // a registered user opening an empty chat is greeted (follow)
    poll();
    loadRichMenu();
  }

  // --- Rich menu -----------------------------------------------------------------------------------

  function loadRichMenu() {
    var generation = view.generation;
    if (!current) { els.richMenu.hidden = true; return; }
    api("/emulator/api/richmenu?user_id=" + encodeURIComponent(current.line_user_id)).then(function (r) {
      if (generation !== view.generation) return;
      var menu = r.ok ? r.data.menu : null;
      if (!menu) { els.richMenu.hidden = true; view.menuId = null; return; }
      if (view.menuId === menu.richMenuId) return;
      view.menuId = menu.richMenuId;
      els.richMenu.hidden = false;
      els.richPanel.hidden = false;
      els.richImage.src = menu.image;
      els.richBar.textContent = (menu.chatBarText || "เมนู") + " ▾";
      els.richBar.setAttribute("aria-expanded", "true");
      els.richAreas.textContent = "";
      var w = menu.size.width, h = menu.size.height;
      menu.areas.forEach(function (area) {
        var b = area.bounds, action = area.action || {};
        var button = el("button", null, action.label || action.text || action.type);
        button.type = "button";
        button.setAttribute("aria-label", action.label || action.text || action.richMenuAliasId || action.type);
        button.dataset.actionType = action.type || "";
        button.style.left = (100 * b.x / w) + "%";
        button.style.top = (100 * b.y / h) + "%";
        button.style.width = (100 * b.width / w) + "%";
        button.style.height = (100 * b.height / h) + "%";
        button.addEventListener("click", function () { doRichMenuAction(action); });
        els.richAreas.appendChild(button);
      });
    }).catch(function () { /* shown by polling */ });
  }

  function doRichMenuAction(action) {
    if (action.type !== "richmenuswitch") { doAction(action); return; }
    if (!current) return;
    // As in LINE: the app shows the aliased menu at once, and the bot receives a postback.
    api("/emulator/api/richmenu/switch", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user_id: current.line_user_id, alias: action.richMenuAliasId }),
    }).then(function () {
      loadRichMenu();
      sendEvent("postback", action.data || "", "");
    });
  }

  function showUserCard() {
    els.card.textContent = "";
    var controls = [els.input, els.send, els.follow, els.sticker, els.image];
    controls.forEach(function (c) { c.disabled = !current; });
    updateHeader();
    if (!current) return;
    els.card.appendChild(el("div", "user-name", current.display_name));
    els.card.appendChild(el("div", "user-role", current.role ? ROLE_NAMES[current.role] || current.role : "ยังไม่ลงทะเบียน (ต้องใช้รหัสเชิญ)"));
    if (current.unit) els.card.appendChild(el("div", "user-unit", current.unit));
    els.card.appendChild(el("div", "user-id", current.line_user_id));
  }

  function updateHeader() {
    if (offline) {
      els.subtitle.textContent = "เชื่อมต่อเซิร์ฟเวอร์ไม่ได้ กำลังลองใหม่…";
    } else {
      els.subtitle.textContent = current ? "คุยในนาม " + current.display_name : "";
    }
  }

  function createNewUser() {
    var name = els.newName.value.trim() || "ผู้ใช้ใหม่";
    var user = { line_user_id: "Unew-" + randomHex(6), display_name: name, role: null, unit: null, isNew: true };
    newUsers.push(user);
    saveJSON(STORAGE_NEW, newUsers);
    els.newName.value = "";
    current = user;
    usersKey = "";
    buildSelect();
    els.select.value = user.line_user_id;
    selectUser(user.line_user_id);
    els.chat.appendChild(el("div", "system-note", "กด “ติดตามบอท” เพื่อเริ่ม เหมือนเพิ่มเพื่อนใน LINE"));
  }

  // --- Sending -----------------------------------------------------------------------------------

  function displayNameFor(user) {
    return user.isNew || !user.role ? user.display_name : undefined;
  }

  function sendEvent(type, text, displayText) {
    if (!current) return;
    var user = current;
    var generation = view.generation;
    var clientId = randomHex(8);
    var entry = { client_id: clientId, type: type, text: text || "", display_text: displayText || "", pending: true };
    var node = renderSent(entry, view.next - 0.5 + 0.499);
    view.clientEls[clientId] = node;
    showQuickReplies(null);
    scrollDown();
    var body = { user_id: user.line_user_id, type: type, text: text || "", client_id: clientId };
    if (displayText) body.display_text = displayText;
    var name = displayNameFor(user);
    if (name) body.display_name = name;
    return api("/emulator/api/send", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then(function (r) {
      if (generation !== view.generation) return;
      setOffline(false);
      if (!r.ok) {
        addProblem(node, ["ส่งไม่สำเร็จ: " + (r.data.error || r.status)], "emulator");
        return;
      }
      entry.seq = r.data.seq;
      entry.before = r.data.before;
      entry.status = r.data.status;
      entry.pending = false;
      entry.time = Date.now() / 1000;
      node.sentStatus = entry.status;
      view.seqEls[entry.seq] = node;
      placeSent(node, entry);
      poll();
      refreshUsers();
      loadRichMenu();  // a registration links the role's menu
    }).catch(function () {
      setOffline(true);
      addProblem(node, ["ส่งไม่สำเร็จ: เชื่อมต่อเซิร์ฟเวอร์ไม่ได้"], "emulator");
    });
  }

  function sendTyped() {
    var text = els.input.value;
    if (!text.trim() || !current) return;
    els.input.value = "";
    sendEvent("text", text);
    els.input.focus();
  }

  function doAction(action) {
    if (!action) return;
    switch (action.type) {
      case "message":
        sendEvent("text", action.text || action.label || "");
        break;
      case "postback":
        sendEvent("postback", action.data || "", action.displayText || action.text || "");
        break;
      case "uri":
        window.open(action.uri, "_blank", "noopener");
        break;
      case "clipboard":
        if (navigator.clipboard) navigator.clipboard.writeText(action.clipboardText || "");
        break;
      default:
        window.alert("โปรแกรมจำลองยังไม่รองรับปุ่มแบบ " + action.type);
    }
  }

  // --- Polling -----------------------------------------------------------------------------------

  function poll() {
    if (!current) return;
    if (polling) { pollAgain = true; return; }
    polling = true;
    var generation = view.generation;
    var user = current.line_user_id;
    var url = "/emulator/api/messages?user_id=" + encodeURIComponent(user) + "&after=" + view.next;
    api(url).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      setOffline(false);
      if (generation !== view.generation) return;
      var changed = false;
      (r.data.sent || []).forEach(function (entry) {
        // Render each send once, and again when its webhook status arrives.
        var node = view.seqEls[entry.seq] || (entry.client_id && view.clientEls[entry.client_id]);
        if (node && view.seqEls[entry.seq] && node.sentStatus === entry.status) return;
        if (node) placeSent(node, entry);
        else node = renderSent(entry);
        node.sentStatus = entry.status;
        view.seqEls[entry.seq] = node;
        changed = true;
      });
      (r.data.items || []).forEach(function (item) {
        if (view.seenIndex[item.index]) return;
        view.seenIndex[item.index] = true;
        if (renderRecord(item)) changed = true;
      });
      if (typeof r.data.next === "number") view.next = Math.max(view.next, r.data.next);
      if (view.greet) {
        view.greet = false;
        if (!(r.data.sent || []).length && !els.chat.querySelector(".record")) sendEvent("follow");
      }
      if (changed) {
        updateQuickReplies();
        scrollDown();
        loadRichMenu();
      }
    }).catch(function () {
      setOffline(true);
    }).then(function () {
      polling = false;
      if (pollAgain) { pollAgain = false; poll(); }
    });
  }

  // --- Rendering: order ----------------------------------------------------------------------------

  function insertOrdered(node) {
    var order = Number(node.dataset.order);
    var children = els.chat.children;
    for (var i = 0; i < children.length; i++) {
      var other = children[i];
      if (other !== node && other.dataset.order !== undefined && Number(other.dataset.order) > order) {
        els.chat.insertBefore(node, other);
        return;
      }
    }
    els.chat.appendChild(node);
  }

  function sentOrder(entry) {
    // Just before the request with index `before`; several sends with the same `before` by seq.
    return entry.before - 0.5 + Math.min(entry.seq, 400000) / 1000000;
  }

  var atBottom = true;

  function scrollDown() {
    els.chat.scrollTop = els.chat.scrollHeight;
    atBottom = true;
  }

  function keepAtBottom() {
    // Images change heights after they load: stay at the bottom if the reader was there.
    if (atBottom) scrollDown();
  }

  function clock(seconds) {
    var d = seconds ? new Date(seconds * 1000) : new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  // --- Rendering: what the user sent -----------------------------------------------------------------

  function renderSent(entry, order) {
    var record = el("div", "record user-record");
    record.dataset.order = String(order !== undefined ? order : sentOrder(entry));
    fillSent(record, entry);
    insertOrdered(record);
    return record;
  }

  function placeSent(record, entry) {
    record.dataset.order = String(sentOrder(entry));
    fillSent(record, entry);
    insertOrdered(record);
  }

  function fillSent(record, entry) {
    record.textContent = "";
    record.classList.toggle("pending", !!entry.pending);
    if (entry.type === "follow") {
      record.appendChild(el("div", "system-note", "คุณเพิ่ม “ติดตาม” เป็นเพื่อนแล้ว (follow)"));
    } else if (entry.type === "postback" && !entry.display_text) {
      record.appendChild(el("div", "system-note", "กดปุ่ม (postback: " + entry.text + ")"));
    } else {
      var row = el("div", "user-row");
      row.appendChild(el("span", "time", entry.pending ? "" : clock(entry.time)));
      var bubble;
      if (entry.type === "sticker") {
        bubble = el("div", "bubble user sticker", "ʕ•ᴥ•ʔ");
        bubble.title = "สติกเกอร์";
      } else if (entry.type === "image") {
        bubble = el("div", "bubble user photo", "รูปภาพ");
      } else {
        bubble = el("div", "bubble user", entry.type === "postback" ? entry.display_text : entry.text);
      }
      row.appendChild(bubble);
      record.appendChild(row);
    }
    if (entry.status !== undefined && entry.status !== 200) {
      addProblem(record, ["webhook ของบอทตอบสถานะ " + entry.status + " (LINE ถือว่าส่งไม่สำเร็จ)"], "webhook");
    }
  }

  function addProblem(parent, lines, source) {
    var box = el("div", "problem");
    box.dataset.source = source || "line";
    var title = source === "line" ? "LINE จะปฏิเสธคำขอนี้" : source === "webhook" ? "บอทผิดพลาด" : "ข้อผิดพลาด";
    box.appendChild(el("div", "problem-title", "⚠ " + title));
    var list = el("ul");
    lines.forEach(function (line) { list.appendChild(el("li", null, line)); });
    box.appendChild(list);
    parent.appendChild(box);
    return box;
  }

  // --- Rendering: what the bot sent ----------------------------------------------------------------

  function renderRecord(item) {
    var messages = item.messages || [];
    var problems = item.problems || [];
    var failed = item.status >= 300 || item.status === 0;
    if (!messages.length && !problems.length && !failed) return false;
    var record = el("div", "record bot-record");
    record.dataset.order = String(item.index);
    record.dataset.index = String(item.index);
    var kind = item.path.split("/").pop();
    if (kind !== "reply") {
      var tag = kind === "push" || kind === "multicast" ? kind + " · นับโควตาข้อความ" : item.path;
      record.appendChild(el("div", "meta-tag", tag));
    }
    if (messages.length) {
      var row = el("div", "bot-row");
      row.appendChild(el("div", "avatar small", "ต"));
      var stack = el("div", "bot-stack");
      row.appendChild(stack);
      messages.forEach(function (message) {
        var node = renderMessage(message);
        if (message.quickReply && message.quickReply.items) node.quickReply = message.quickReply.items;
        stack.appendChild(node);
      });
      stack.appendChild(el("span", "time", clock(item.time)));
      record.appendChild(row);
    }
    if (problems.length) addProblem(record, problems, "line");
    if (failed) {
      addProblem(record, ["LINE ตอบสถานะ " + item.status + " ที่ " + item.path + (messages.length ? " — ผู้ใช้จะไม่เห็นข้อความเหล่านี้" : "")], "status");
    }
    insertOrdered(record);
    return true;
  }

  function renderMessage(message) {
    var bubble;
    switch (message.type) {
      case "text":
        return el("div", "bubble bot", message.text);
      case "textV2":
        return el("div", "bubble bot", (message.text || "").replace(/\{([^}]+)\}/g, function (all, key) {
          var sub = message.substitution && message.substitution[key];
          return sub && sub.type === "mention" ? "@ผู้ใช้" : sub && sub.emojiId ? "☺" : all;
        }));
      case "flex":
        bubble = el("div", "bubble bot flex");
        bubble.title = "altText: " + (message.altText || "");
        bubble.appendChild(flexContainer(message.contents || {}));
        return bubble;
      case "image":
        bubble = el("div", "bubble bot image");
        var link = el("a");
        link.href = message.originalContentUrl;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        var img = el("img");
        img.alt = "รูปภาพจากบอท";
        onBrokenImage(img, message.originalContentUrl);
        img.src = message.previewImageUrl || message.originalContentUrl;
        link.appendChild(img);
        bubble.appendChild(link);
        return bubble;
      case "sticker":
        return el("div", "bubble bot sticker", "ʕ•ᴥ•ʔ");
      case "template":
        return templateMessage(message);
      default:
        bubble = el("div", "bubble bot other", "[ข้อความแบบ " + message.type + "]" + (message.altText ? " " + message.altText : ""));
        return bubble;
    }
  }

  function templateMessage(message) {
    var t = message.template || {};
    var bubble = el("div", "bubble bot flex");
    var box = el("div", "flex-bubble");
    var body = el("div", "flex-section body");
    if (t.title) body.appendChild(el("div", "flex-text bold", t.title));
    if (t.text) body.appendChild(el("div", "flex-text wrap", t.text));
    box.appendChild(body);
    var footer = el("div", "flex-section footer");
    (t.actions || []).forEach(function (action) {
      footer.appendChild(flexButton({ type: "button", action: action, style: "link" }));
    });
    box.appendChild(footer);
    bubble.appendChild(box);
    return bubble;
  }

  // --- Flex -----------------------------------------------------------------------------------------

  var FONT = { xxs: 10, xs: 11, sm: 12.5, md: 14, lg: 16, xl: 18, xxl: 22, "3xl": 26, "4xl": 30, "5xl": 36 };
  var SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  var IMAGE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, "3xl": 180, "4xl": 200, "5xl": 220 };
  var BUBBLE_WIDTH = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 340 };

  function length(value, table) {
    if (value === undefined || value === null) return null;
    if (table && table[value] !== undefined) return table[value] + "px";
    if (/^-?\d+(\.\d+)?(px|%)$/.test(String(value))) return String(value);
    return null;
  }

  function flexContainer(contents) {
    if (contents.type === "carousel") {
      var carousel = el("div", "flex-carousel");
      (contents.contents || []).forEach(function (b) { carousel.appendChild(flexBubble(b)); });
      return carousel;
    }
    return flexBubble(contents);
  }

  function flexBubble(bubble) {
    var node = el("div", "flex-bubble");
    var width = BUBBLE_WIDTH[bubble.size || "mega"];
    if (width) node.style.width = width + "px";
    var styles = bubble.styles || {};
    ["header", "hero", "body", "footer"].forEach(function (part) {
      var block = bubble[part];
      if (!block) return;
      var section = el("div", "flex-section " + part);
      var style = styles[part] || {};
      if (style.backgroundColor) section.style.backgroundColor = style.backgroundColor;
      if (style.separator) section.classList.add("separated");
      section.appendChild(flexComponent(block, "vertical", true));
      node.appendChild(section);
    });
    if (bubble.action) makeTappable(node, bubble.action);
    return node;
  }

  function flexComponent(c, parentLayout, first) {
    var node;
    switch (c.type) {
      case "box": node = flexBox(c); break;
      case "text": node = flexText(c); break;
      case "button": node = flexButton(c); break;
      case "image": node = flexImage(c); break;
      case "icon": node = flexIcon(c); break;
      case "separator":
        node = el("div", "flex-separator");
        if (c.color) node.style.backgroundColor = c.color;
        node.classList.add(parentLayout === "vertical" ? "horizontal-line" : "vertical-line");
        break;
      case "filler":
        node = el("div", "flex-filler");
        break;
      case "spacer":
        node = el("div", "flex-spacer");
        node.style.height = length(c.size || "md", SPACE);
        break;
      case "span":
        node = el("span", null, c.text);
        break;
      case "video":
        node = c.altContent ? flexComponent(c.altContent, parentLayout, first) : el("div", "flex-text", "[วิดีโอ]");
        break;
      default:
        node = el("div", "flex-text", "[" + c.type + "]");
    }
    // Sizing in the parent box.
    var grow = c.flex;
    if (grow === undefined && parentLayout !== "vertical" && c.type !== "separator" && c.type !== "icon") grow = 1;
    if (c.type === "filler") grow = c.flex === undefined ? 1 : c.flex;
    if (grow !== undefined) node.style.flex = grow === 0 ? "0 0 auto" : grow + " " + grow + " 0%";
    if (c.position !== "absolute" && !first) {
      var margin = length(c.margin, SPACE);
      if (margin) {
        if (parentLayout === "vertical") node.style.marginTop = margin;
        else node.style.marginLeft = margin;
      }
    }
    var align = { start: "flex-start", end: "flex-end", center: "center" };
    if (c.gravity && parentLayout !== "vertical") node.style.alignSelf = align[c.gravity === "top" ? "start" : c.gravity === "bottom" ? "end" : "center"];
    if (c.action && c.type !== "button") makeTappable(node, c.action);
    return node;
  }

  function flexBox(c) {
    var layout = c.layout || "vertical";
    var node = el("div", "flex-box " + layout);
    var gap = length(c.spacing, SPACE);
    if (gap) node.style.gap = gap;
    ["paddingAll", "paddingTop", "paddingBottom", "paddingStart", "paddingEnd"].forEach(function (p) {
      var value = length(c[p], SPACE);
      if (!value) return;
      var css = { paddingAll: "padding", paddingTop: "paddingTop", paddingBottom: "paddingBottom", paddingStart: "paddingLeft", paddingEnd: "paddingRight" }[p];
      node.style[css] = value;
    });
    if (c.backgroundColor) node.style.backgroundColor = c.backgroundColor;
    if (c.borderColor) node.style.borderColor = c.borderColor;
    if (c.borderWidth) {
      var bw = { none: "0", light: "0.5px", normal: "1px", medium: "2px", "semi-bold": "3px", bold: "4px" }[c.borderWidth] || c.borderWidth;
      node.style.borderWidth = bw;
      node.style.borderStyle = "solid";
    }
    if (c.cornerRadius) node.style.borderRadius = length(c.cornerRadius, { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 }) || "";
    if (c.width) node.style.width = c.width;
    if (c.height) node.style.height = c.height;
    if (c.justifyContent) node.style.justifyContent = c.justifyContent;
    if (c.alignItems) node.style.alignItems = c.alignItems;
    (c.contents || []).forEach(function (child, i) {
      node.appendChild(flexComponent(child, layout, i === 0));
    });
    return node;
  }

  function flexText(c) {
    var node = el("div", "flex-text");
    if (c.contents && c.contents.length) {
      c.contents.forEach(function (span) {
        var s = el("span", null, span.text);
        applyTextStyle(s, span);
        node.appendChild(s);
      });
    } else {
      node.textContent = c.text || "";
    }
    applyTextStyle(node, c);
    if (c.wrap) node.classList.add("wrap");
    if (c.maxLines) {
      node.classList.add("clamp");
      node.style.webkitLineClamp = String(c.maxLines);
    }
    if (c.align) node.style.textAlign = c.align === "start" ? "left" : c.align === "end" ? "right" : "center";
    return node;
  }

  function applyTextStyle(node, c) {
    var size = length(c.size, FONT);
    if (size) node.style.fontSize = size;
    if (c.weight === "bold") node.style.fontWeight = "700";
    if (c.color) node.style.color = c.color;
    if (c.style === "italic") node.style.fontStyle = "italic";
    if (c.decoration && c.decoration !== "none") node.style.textDecoration = c.decoration;
  }

  function flexButton(c) {
    var action = c.action || {};
    var style = c.style || "link";
    var node;
    if (action.type === "uri") {
      node = el("a", "flex-button " + style, action.label || action.uri);
      node.href = action.uri;
      node.target = "_blank";
      node.rel = "noopener noreferrer";
    } else {
      node = el("button", "flex-button " + style, action.label || "");
      node.type = "button";
      node.addEventListener("click", function () { doAction(action); });
    }
    node.dataset.actionType = action.type || "";
    if (c.height === "sm") node.classList.add("small");
    if (c.color) {
      if (style === "link") node.style.color = c.color;
      else node.style.backgroundColor = c.color;
    }
    return node;
  }

  function flexImage(c) {
    var wrap = el("div", "flex-image");
    var img = el("img");
    img.alt = "";
    onBrokenImage(img, c.url);
    img.src = c.url;
    var size = c.size || "md";
    var width = size === "full" ? "100%" : length(size, IMAGE) || "100px";
    wrap.style.width = width;
    wrap.style.maxWidth = "100%";
    if (c.aspectRatio && /^\d+(\.\d+)?:\d+(\.\d+)?$/.test(c.aspectRatio)) {
      var parts = c.aspectRatio.split(":");
      wrap.style.aspectRatio = parts[0] + " / " + parts[1];
      img.style.objectFit = c.aspectMode === "cover" ? "cover" : "contain";
      img.style.height = "100%";
    }
    if (c.backgroundColor) wrap.style.backgroundColor = c.backgroundColor;
    var align = { start: "flex-start", end: "flex-end", center: "center" };
    wrap.style.alignSelf = align[c.align || "center"];
    wrap.appendChild(img);
    return wrap;
  }

  function onBrokenImage(img, url) {
    img.addEventListener("load", keepAtBottom);
    img.addEventListener("error", function () {
      var box = el("div", "broken-image", "โหลดรูปภาพไม่ได้");
      box.appendChild(el("div", "broken-url", url || ""));
      if (img.parentNode) img.parentNode.replaceChild(box, img);
      keepAtBottom();
    });
  }

  function flexIcon(c) {
    var img = el("img", "flex-icon");
    img.src = c.url;
    img.alt = "";
    var size = length(c.size || "md", FONT);
    if (size) { img.style.width = size; img.style.height = size; }
    return img;
  }

  function makeTappable(node, action) {
    node.classList.add("tappable");
    if (action.type === "uri") node.title = action.uri;
    node.addEventListener("click", function (event) {
      if (event.target.closest("a, button") && event.target.closest("a, button") !== node) return;
      event.stopPropagation();
      doAction(action);
    });
  }

  // --- Quick replies -------------------------------------------------------------------------------

  function updateQuickReplies() {
    var records = els.chat.querySelectorAll(".record");
    var last = records[records.length - 1];
    if (!last || !last.classList.contains("bot-record")) { showQuickReplies(null); return; }
    var bubbles = last.querySelectorAll(".bot-stack > .bubble");
    var lastBubble = bubbles[bubbles.length - 1];
    showQuickReplies(lastBubble && lastBubble.quickReply ? lastBubble.quickReply : null);
  }

  function showQuickReplies(items) {
    els.quick.textContent = "";
    els.quick.hidden = !items || !items.length;
    (items || []).forEach(function (item) {
      var action = item.action || {};
      var button = el("button", null, action.label || action.text || "");
      button.type = "button";
      button.dataset.actionType = action.type || "";
      if (item.imageUrl) {
        var icon = el("img", "qr-icon");
        icon.src = item.imageUrl;
        icon.alt = "";
        button.insertBefore(icon, button.firstChild);
      }
      button.addEventListener("click", function () { doAction(action); });
      els.quick.appendChild(button);
    });
  }

  // --- Invite codes --------------------------------------------------------------------------------

  function loadUnits() {
    if (units) return Promise.resolve(units);
    return api("/emulator/api/units").then(function (r) {
      units = r.ok ? r.data.units || [] : [];
      return units;
    });
  }

  function fillUnitSelect() {
    loadUnits().then(function (list) {
      var kinds = ROLE_UNIT_KINDS[els.inviteRole.value] || [];
      els.inviteUnit.textContent = "";
      list.filter(function (u) { return kinds.indexOf(u.kind) >= 0; }).forEach(function (u) {
        var option = el("option", null, u.code + " · " + u.name);
        option.value = u.code;
        els.inviteUnit.appendChild(option);
      });
    });
  }

  function createInvite() {
    els.inviteResult.textContent = "";
    api("/emulator/api/invite", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ role: els.inviteRole.value, unit_code: els.inviteUnit.value }),
    }).then(function (r) {
      if (!r.ok) {
        els.inviteResult.appendChild(el("div", "invite-error", r.data.error || "สร้างรหัสไม่สำเร็จ"));
        return;
      }
      els.inviteResult.appendChild(el("code", "invite-code", r.data.code));
      var use = el("button", null, "ใส่ในช่องพิมพ์");
      use.type = "button";
      use.addEventListener("click", function () {
        els.input.value = r.data.code;
        els.input.focus();
      });
      els.inviteResult.appendChild(use);
      els.inviteResult.appendChild(el("div", "muted small", "ใช้ได้ครั้งเดียว ภายใน 14 วัน"));
    });
  }

  // --- Start ---------------------------------------------------------------------------------------

  function showClock() {
    api("/emulator/api/info").then(function (r) {
      if (!r.ok || !r.data.fixed) return;
      var moment = new Date(r.data.now);
      var text;
      try {
        text = new Intl.DateTimeFormat("th-TH-u-ca-buddhist", {
          dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Bangkok",
        }).format(moment);
      } catch (e) {
        text = r.data.now;
      }
      els.clock.textContent = "· บอททำงานเหมือนเป็นเวลา " + text + " น.";
    }).catch(function () { /* shown by polling */ });
  }

  els.chat.addEventListener("scroll", function () {
    atBottom = els.chat.scrollHeight - els.chat.scrollTop - els.chat.clientHeight < 40;
  });
  els.select.addEventListener("change", function () { selectUser(els.select.value); });
  els.newButton.addEventListener("click", createNewUser);
  els.newName.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); createNewUser(); }
  });
  els.send.addEventListener("click", sendTyped);
  els.input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      sendTyped();
    }
  });
  els.follow.addEventListener("click", function () { sendEvent("follow"); });
  els.sticker.addEventListener("click", function () { sendEvent("sticker"); });
  els.image.addEventListener("click", function () { sendEvent("image"); });
  els.richBar.addEventListener("click", function () {
    els.richPanel.hidden = !els.richPanel.hidden;
    els.richBar.setAttribute("aria-expanded", String(!els.richPanel.hidden));
  });
  els.invitePanel.addEventListener("toggle", function () { if (els.invitePanel.open) fillUnitSelect(); });
  els.inviteRole.addEventListener("change", fillUnitSelect);
  els.inviteButton.addEventListener("click", createInvite);

  showQuickReplies(null);
  showClock();
  refreshUsers();
  setInterval(poll, POLL_MS);
})();
