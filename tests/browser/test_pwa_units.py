"""Unit tests of the outbox and the search, run in the browser; the shell list kept current."""

import json
import re
from pathlib import Path

from app.fieldapp import shell as pwa_shell
from tests.browser.conftest import login

PWA = Path(__file__).resolve().parents[2] / "pwa"


def test_shell_list_is_current():
    """The service worker's precache list and version match the files (regenerate if not)."""
    expected = pwa_shell.render()
    actual = (PWA / pwa_shell.TARGET).read_text(encoding="utf-8")
    assert actual == expected, "run: git add pwa && make pwa"


def test_message_files_have_the_same_keys_and_cover_the_code():
    vi = json.loads((PWA / "i18n" / "vi.json").read_text(encoding="utf-8"))
    en = json.loads((PWA / "i18n" / "en.json").read_text(encoding="utf-8"))
    assert vi.keys() == en.keys()
    used = set()
    for path in (PWA / "js").rglob("*.js"):
        if "/hr/" in path.as_posix() and path.name != "index.js":
            continue
        used |= set(re.findall(r"\bt\('([a-z_.]+)'", path.read_text(encoding="utf-8")))
    # Coded values' words (statuses, severities, ...) come from the generated codes.js.
    coded = set(re.findall(r'"([a-z_]+\.[a-z_.]+)":', (PWA / "js" / "codes.js").read_text()))
    assert used - vi.keys() - coded == set()


def test_fold_and_search_in_the_browser(live, phone):
    phone.goto(f"{live.url}/app/")
    result = phone.evaluate("""import('/app/js/search.js').then((s) => [
        s.fold('Quế Võ'), s.fold('  ĐÔNG   Á '), s.matches('que vo', 'KCN Quế Võ'),
        s.matches('dong a 23', 'Dược phẩm Đông Á', '2300000002'),
        s.matches('yen phong', 'KCN Quế Võ'),
        s.matches('', 'anything')])""")
    assert result == ["que vo", "dong a", True, True, False, True]


def test_outbox_in_the_browser(live, phone):
    login(phone, live)
    result = phone.evaluate("""(async () => {
      const outbox = (await import(document.scripts[0].src)).outbox;
      const session = (await import(document.scripts[0].src)).session;
      const { db } = (await import(document.scripts[0].src)).db;
      const me = session.ownerId();
      await db.outbox.clear();
      const id = crypto.randomUUID();
      await outbox.enqueue('check', id, 'upsert', { n: 1 }, 0);
      await outbox.enqueue('check', id, 'upsert', { n: 2 }, 0);
      const coalesced = (await outbox.entries()).map((e) => e.data.n);
      const [first] = await outbox.entries();
      await outbox.markAttempted([first.seq]);
      await outbox.enqueue('check', id, 'upsert', { n: 3 }, 0);
      const afterSend = (await outbox.entries()).map((e) => e.data.n);
      await outbox.enqueue('check', crypto.randomUUID(), 'upsert', { n: 9 }, 0, 'someone-else');
      const mine = (await outbox.entries()).length;
      const theirs = (await outbox.entries('someone-else')).length;
      const ids = new Set((await db.outbox.toArray()).map((e) => e.mutation_id));
      const seqs = (await outbox.entries()).map((e) => e.seq);
      return { coalesced, afterSend, mine, theirs, unique: ids.size, total: await db.outbox.count(),
               ordered: seqs.every((s, i) => i === 0 || s > seqs[i - 1]),
               pending: await outbox.pendingCount(), me: Boolean(me) };
    })()""")
    assert result == {
        "coalesced": [2],
        "afterSend": [2, 3],
        "mine": 2,
        "theirs": 1,
        "unique": 3,
        "total": 3,
        "ordered": True,
        "pending": 1,
        "me": True,
    }


def test_database_upgrade_keeps_the_outbox(live, phone):
    """A phone with the version-1 database keeps its queued entries after the upgrade."""
    phone.goto(f"{live.url}/app/manifest.webmanifest")  # same origin, the app not started
    result = phone.evaluate("""(async () => {
      const { default: Dexie } = await import('/app/vendor/dexie.min.mjs');
      const old = new Dexie('antt-field');
      old.version(1).stores({
        records: '[entity+id], entity, [entity+enterprise_id], [entity+event_id], [entity+park_id]',
        outbox: '++seq, owner, mutation_id, [entity+record_id], state',
        photos: 'sha256, owner, uploaded', meta: 'key' });
      await old.open();
      await old.table('outbox').add({ mutation_id: 'm1', entity: 'check', record_id: 'r1',
        op: 'upsert', data: { n: 1 }, owner: 'u1' });
      old.close();
      const { db } = await import('/app/js/db.js'); // the module itself: no app on this page
      await db.open();
      const entries = await db.outbox.toArray();
      const pending = await db.outbox.where('[owner+state]').equals(['u1', 'pending']).count();
      const sealed = await db.sealed.count(); // version 3's store of work sealed at logout
      return { version: db.verno, states: entries.map((e) => e.state), pending, sealed };
    })()""")
    assert result == {"version": 3, "states": ["pending"], "pending": 1, "sealed": 0}


def test_service_worker_bytes_change_with_the_shell(live):
    """Chromium updates a module service worker only when its own bytes change: the served
    sw.js carries the shell list's hash, so every deploy of any shell file updates phones."""
    client = live.app.test_client()
    first = client.get("/app/sw.js")
    assert first.status_code == 200 and first.mimetype == "text/javascript"
    assert first.headers["Service-Worker-Allowed"] == "/app/"
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.get_data(as_text=True).startswith((live.pwa_dir / "sw.js").read_text())
    shell = live.pwa_dir / "js" / "shell-files.js"
    shell.write_text(shell.read_text().replace('"version"', '"version" ', 1))
    assert client.get("/app/sw.js").get_data() != first.get_data()
