"""Every message the person editing the data sees, in Estonian and in English, declared once.

A message is a key of `MESSAGES` with named placeholders; code makes a `Msg` (the key and its
values) and the edge that prints it (the CLI, the MkDocs hook) chooses the language:

    Msg("link.unknown_unit", unit="`x`").text("et")   # "tundmatu üksus `x`"

A placeholder's value is data (ids, file names, quoted values: the same in both languages), a
number (`Count` groups its digits as the language does), another `Msg`, a tuple of values (joined
with a comma) or an `Either` (joined with "või" / "or"). The validation core builds `Msg`s and
never formats them, so one set of problems can be shown in either language. Estonian is the
default: HR works in Estonian (see `settings.message_language` for how English is chosen).
"""

from __future__ import annotations

import string
from typing import Literal, TypeAlias, Union

Lang = Literal["et", "en"]
LANGS: tuple[Lang, ...] = ("et", "en")
DEFAULT_LANG: Lang = "et"

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the report: labels, severities, summary -------------------------------------------------
    "report.error": ("viga", "error"),
    "report.warning": ("hoiatus", "warning"),
    "report.info": ("teave", "info"),
    "report.found": ("leitud:   ", "found:    "),
    "report.expected": ("oodati:   ", "expected: "),
    "report.fix": ("parandus: ", "fix:      "),
    "report.summary": ("vigu {errors}, hoiatusi {warnings}", "{errors} error(s), {warnings} warning(s)"),
    "hint.did_you_mean": ("kas mõtlesid {choices}?", "did you mean {choices}?"),
    "expected.one_of": ("üks neist: {choices}", "one of {choices}"),
    "expected.value_for": ("võtme `{key}` väärtus", "a value for `{key}`"),
    "expected.text": ("tekst", "text"),
    "expected.each_once": ("iga väärtus üks kord", "each value once"),
    "hint.keep_one": ("jäta alles üks kirje", "keep one entry"),
    # --- schema (pydantic's error types) ----------------------------------------------------------
    "schema.missing": ("kohustuslik võti puudub", "required key is missing"),
    "schema.missing.fix": ("lisa siia `{key}:`", "add `{key}:` here"),
    "schema.unknown_key": ("tundmatu võti `{key}`", "unknown key `{key}`"),
    "schema.unknown_key.fix": ("eemalda võti või tõsta see õigesse kohta",
                               "remove the key or move it where it belongs"),
    "schema.key_belongs_under": ("tõsta `{key}` võtme `{parent}:` alla (taandega, nagu selle teised võtmed)",
                                 "move `{key}` under the key `{parent}:` (indented, as its other keys are)"),
    "schema.empty_value": ("tühi väärtus", "empty value"),
    "schema.empty_value.fix": ("täida see või eemalda võti või tühi `-`-rida",
                               "fill it in, or remove the key or the empty `-` line"),
    "schema.wrong_type": ("vale tüüp", "wrong type"),
    "schema.text_on_key_line": ("tekst võtmega samal real", "text on the same line as the key"),
    "schema.text_on_key_line.fix": ("kirjuta tekst võtmega samale reale, kooloni järele; kontrolli järgmiste "
                                    "ridade taanet",
                                    "write the text after `key: `; check the indentation of the lines below it"),
    "schema.quote_bool.fix": ("pane see jutumärkidesse, et see jääks tekstiks: `\"{value}\"`",
                              "quote it to keep it as text: `\"{value}\"`"),
    "schema.as_text.fix": ("kirjuta väärtus tekstina", "write the value as text"),
    "schema.list": ("loend (read, mis algavad `- `)", "a list (lines starting with `- `)"),
    "schema.list.fix": ("kirjuta iga element eraldi reale, mis algab `- `",
                        "write each item on its own line starting with `- `"),
    "schema.mapping": ("võtmed {keys}", "a mapping with keys {keys}"),
    "schema.mapping_any": ("`võti: väärtus` read", "a mapping of `key: value` lines"),
    "schema.mapping.fix": ("kirjuta selle võtme alla taandega `võti: väärtus` read",
                           "write `key: value` lines indented under this key"),
    "schema.bool": ("`true` või `false`", "`true` or `false`"),
    "schema.bool.fix": ("kirjuta `true` või `false` (mitte yes/no ega jah/ei)",
                        "write `true` or `false` (not yes/no)"),
    "schema.date": ("vigane kuupäev", "not a valid date"),
    "schema.date.expected": ("kuupäev kujul AAAA-KK-PP, nt `2024-01-04`", "a date as YYYY-MM-DD, e.g. `2024-01-04`"),
    "schema.date.swap": ("kirjuta `{date}` (aasta-kuu-päev)", "write `{date}` (year-month-day)"),
    "schema.date.fix": ("kirjuta kuupäev kujul aasta-kuu-päev; kontrolli, et kuu (01–12) ja päev on olemas",
                        "write the date as year-month-day; check that the month (01–12) and the day exist"),
    "schema.not_allowed": ("lubamatu väärtus", "value not allowed"),
    "schema.id": ("vigane id", "not a valid id"),
    "schema.id.expected": ("ladina väiketähed, numbrid ja üksikud sidekriipsud, nt `noustaja-perelepitus`",
                           "lowercase ASCII letters, digits and single hyphens, e.g. `noustaja-perelepitus`"),
    "schema.id.fix": ("kirjuta õ ä ö ü š ž kui o a o u s z, tühik kui `-`, ilma `/` ja `..`",
                      "write õ ä ö ü š ž as o a o u s z, spaces as `-`, no `/` or `..`"),
    "schema.duty_number": ("vigane ülesande number", "not a duty number"),
    "schema.duty_number.expected": ("number nagu `3.4` (ilma lõpupunktita)",
                                    "a number such as `3.4` (no trailing dot)"),
    "schema.order_number": ("vigane käskkirja number", "not an order number"),
    "schema.order_number.expected": ("number nagu dokumendis: tähed, numbrid, `.`, `/`, `-`, nt `1-2/45`",
                                     "the number as printed: letters, digits, `.`, `/`, `-`, e.g. `1-2/45`"),
    "schema.order_number.fix": ("kirjuta ainult number, ilma `nr`-ita ja tühikuteta",
                                "write only the number, without `nr` or spaces"),
    "schema.pattern": ("tekst pole oodatud kujul", "text not in the expected form"),
    "schema.pattern.expected": ("mustrile `{pattern}` vastav tekst", "text matching `{pattern}`"),
    "schema.empty_text": ("tühi tekst", "empty text"),
    "schema.empty_text.expected": ("mittetühi tekst", "non-empty text"),
    "schema.empty_text.fix": ("täida see või eemalda võti (ja nimeta see loendis `missing`, kui allikas seda pole)",
                              "fill it in or remove the key (and name it in `missing` if the source lacks it)"),
    "schema.too_long": ("tekst on pikem kui {limit} märki", "text longer than {limit} characters"),
    "schema.too_long.expected": ("kuni {limit} märki", "at most {limit} characters"),
    "schema.too_long.fix": ("lühenda teksti", "shorten the text"),
    "schema.too_many": ("liiga palju elemente ({count})", "too many items ({count})"),
    "schema.too_many.expected": ("kuni {limit} elementi", "at most {limit} items"),
    "schema.too_many.fix": ("nii palju pole üheski ametijuhendis: otsi kleebitud või korduvaid kirjeid ja "
                            "eemalda need", "no job description has this many: look for pasted or repeated "
                            "entries and remove them"),
    "schema.empty_list": ("tühi loend", "empty list"),
    "schema.empty_list.expected": ("vähemalt üks element", "at least one item"),
    "schema.empty_list.fix": ("lisa element või eemalda võti", "add an item or remove the key"),
    "schema.signed_original": ("allkirjastatud originaali andmed puuduvad", "no details of the signed original"),
    "schema.signed_original.expected": ("`register_number`, `address` või mõlemad",
                                        "`register_number`, `address` or both"),
    "schema.invalid": ("väärtus ei sobi (kontroll `{check}`)", "value not accepted (check `{check}`)"),
    "schema.invisible": ("tekstis on ainult nähtamatud märgid", "text with only invisible characters"),
    "schema.invisible.expected": ("nähtav tekst", "visible text"),
    "schema.invisible.fix": ("kirjuta tekst või eemalda võti (nähtamatud märgid, nt nullaiusega tühik või "
                             "poolitusmärk, ei loe)", "write the text, or remove the key (invisible characters "
                             "such as zero-width spaces or soft hyphens do not count)"),
    "schema.bidi": ("tekstis on sulgemata kirjasuuna juhtmärk: {chars}",
                    "text with a text-direction control that is not closed: {chars}"),
    "schema.bidi.expected": ("tekst ilma kirjasuuna juhtmärkideta (või iga juhtmärk suletud: U+202C pärast "
                             "U+202A–U+202E, U+2069 pärast U+2066–U+2068)", "text without direction controls "
                             "(or each closed: U+202C after U+202A–U+202E, U+2069 after U+2066–U+2068)"),
    "schema.bidi.fix": ("kustuta nähtamatud kirjasuuna märgid (tulevad sageli kaasa paremalt vasakule kirjutatud "
                        "tekstiga); sulgemata jätmisel pööravad need lehel ümbritseva teksti ümber",
                        "delete the invisible direction characters (often pasted with right-to-left text); "
                        "left open, they reverse the text around them on the page"),
    "schema.bidi.char": ("U+{code} ({name})", "U+{code} ({name})"),
    "bidi.lre": ("vasakult paremale manustus", "left-to-right embedding"),
    "bidi.rle": ("paremalt vasakule manustus", "right-to-left embedding"),
    "bidi.pdf": ("suunavormingu lõpp", "pop directional formatting"),
    "bidi.lro": ("vasakult paremale alistus", "left-to-right override"),
    "bidi.rlo": ("paremalt vasakule alistus", "right-to-left override"),
    "bidi.lri": ("vasakult paremale isolaat", "left-to-right isolate"),
    "bidi.rli": ("paremalt vasakule isolaat", "right-to-left isolate"),
    "bidi.fsi": ("esimese tugeva märgi isolaat", "first strong isolate"),
    "bidi.pdi": ("isolaadi lõpp", "pop directional isolate"),
    "schema.more": ("selles failis on veel {count} andmeskeemi viga (näidatud on esimesed {shown})",
                    "{count} more schema errors in this file (the first {shown} are shown)"),
    "schema.more.fix": ("paranda näidatud vead ja kontrolli faili uuesti", "fix the errors shown and check again"),
    "schema.not_mapping": ("failis peavad olema `võti: väärtus` read", "the file must hold a mapping"),
    "schema.not_mapping.list": ("loend", "a list"),
    "schema.not_mapping.expected": ("`võti: väärtus` read ülemisel tasemel (nt `id: ...`)",
                                    "`key: value` lines at the top level (e.g. `id: ...`)"),
    # --- rules of one position file --------------------------------------------------------------
    "position.file_name": ("failinimi ja id erinevad", "file name and id differ"),
    "position.file_name.found": ("`{file}`, id `{id}`", "`{file}` with id `{id}`"),
    "position.file_name.expected": ("failinimi `{file}`", "the file to be named `{file}`"),
    "position.file_name.fix": ("nimeta fail ümber või paranda id (vana id jäta loendisse `aliases`)",
                               "rename the file or fix the id (keep the old id in `aliases`)"),
    "position.declared_missing": ("`{key}` on märgitud puuduvaks, kuid sel on väärtus",
                                  "`{key}` is declared missing but has a value"),
    "position.declared_missing.fix": ("eemalda `{key}` loendist `missing`", "remove `{key}` from `missing`"),
    "position.duty_twice": ("ülesande number `{number}` on kasutusel kaks korda",
                            "duty number `{number}` is used twice"),
    "position.duty_twice.expected": ("iga ülesande number üks kord", "each duty number once"),
    "position.duty_twice.fix": ("nummerda ülesanded ümber", "renumber the duties"),
    "position.competency_twice": ("kompetents `{id}` on loetletud kaks korda", "competency `{id}` is listed twice"),
    "position.required": ("staatusega `{status}` ametikohal on kohustuslik võti puudu",
                          "required key is missing for a position with status `{status}`"),
    "position.required.fix": ("täida see või määra `status: mustand`, kuni allikas seda ei anna",
                              "fill it in, or set `status: mustand` while the source lacks it"),
    "position.draft_lacks": ("mustandil puudub see väli ja see pole märgitud puuduvaks",
                             "draft lacks this field and does not declare it"),
    "position.empty": ("väli on tühi ja pole märgitud puuduvaks", "field is empty and not declared missing"),
    "position.fill_or_declare": ("täida see või lisa `{key}` loendisse `missing`, kui allikas seda ei anna",
                                 "fill it in, or add `{key}` to `missing` if the source lacks it"),
    "position.effective_before_order": ("jõustumise kuupäev on enne käskkirja kuupäeva",
                                        "the date of taking effect is before the order's date"),
    "position.effective_before_order.found": ("jõustub `{effective}`, käskkiri `{date}`",
                                              "takes effect `{effective}`, order of `{date}`"),
    "position.effective_before_order.expected": ("käskkirja kuupäev `{date}` või hilisem kuupäev",
                                                 "the order's date `{date}` or a later date"),
    "position.effective_before_order.fix": ("kontrolli kuupäevi käskkirjast; kui versioon kehtib käskkirja "
                                            "kuupäevast, jäta `effective_from` ära",
                                            "check both dates in the order; if the version is in force from the "
                                            "order's date, leave `effective_from` out"),
    "position.effective_empty": ("jõustumise kuupäev on tühi", "the date of taking effect is empty"),
    "position.effective_empty.fix": ("kirjuta käskkirjas nimetatud jõustumise kuupäev (nt `2027-01-01`); kui "
                                     "versioon kehtib käskkirja kuupäevast, eemalda võti `effective_from`",
                                     "write the date the order names (e.g. `2027-01-01`); if the version is in "
                                     "force from the order's date, remove the key `effective_from`"),
    "position.effective_without_order": ("jõustumise kuupäev on antud, kuid käskkirja kuupäev puudub ega ole "
                                         "märgitud puuduvaks",
                                         "a date of taking effect is given, but the order's date is empty and not "
                                         "declared missing"),
    "position.effective_without_order.expected": ("käskkirja kuupäev võtmes `approval.date`",
                                                  "the order's date in `approval.date`"),
    "position.effective_without_order.fix": ("lisa `approval.date` või, kui allikas seda ei anna, lisa "
                                             "`approval.date` loendisse `missing`",
                                             "add `approval.date`, or add `approval.date` to `missing` if the "
                                             "source lacks it"),
    "position.printed_alone": ("`printed.{key}` on olemas, kuid `{key}` puudub",
                               "printed wording of `{key}` without `{key}` itself"),
    "position.printed_alone.expected": ("id-d võtmes `{key}`", "the ids in `{key}`"),
    "position.printed_alone.fix": ("täida `{key}` (id-d) või eemalda `printed.{key}`",
                                   "fill in `{key}` (ids), or remove `printed.{key}`"),
    # --- references across files (link) ----------------------------------------------------------
    "link.alias_taken": ("alias `{alias}` on juba kasutusel: `{owner}`",
                         "alias `{alias}` is already used by `{owner}`"),
    "link.alias_taken.fix": ("eemalda alias: üks aadress saab viia ainult ühele ametikohale",
                             "remove the alias: an address can lead to one position only"),
    "link.has_file": ("`{id}` on nüüd oma failiga", "`{id}` has its own file now"),
    "link.has_file.fix": ("eemalda kirje failist referenced-positions.yaml",
                          "remove the entry from referenced-positions.yaml"),
    "link.former_id": ("`{id}` on ametikoha `{current}` endine id", "`{id}` is a former id of `{current}`"),
    "link.former_id.fix": ("kirjuta `{current}`", "write `{current}`"),
    "link.unknown_position": ("tundmatu ametikoht `{id}`", "unknown position `{id}`"),
    "link.unknown_position.expected": ("ametikoha faili id või kirje failis catalogues/referenced-positions.yaml",
                                       "the id of a position file or of an entry in "
                                       "catalogues/referenced-positions.yaml"),
    "link.unknown_position.fix": ("kui ametikohal pole veel faili, lisa see faili "
                                  "catalogues/referenced-positions.yaml",
                                  "add the position to catalogues/referenced-positions.yaml if it has no file yet"),
    "link.unknown_unit": ("tundmatu üksus `{id}`", "unknown unit `{id}`"),
    "link.unknown_unit.expected": ("id failist catalogues/units.yaml", "an id from catalogues/units.yaml"),
    "link.unknown_unit.fix": ("lisa üksus faili catalogues/units.yaml", "add the unit to catalogues/units.yaml"),
    "link.unknown_competency": ("tundmatu kompetents `{id}`", "unknown competency `{id}`"),
    "link.unknown_competency.expected": ("id failist catalogues/competencies.yaml",
                                         "an id from catalogues/competencies.yaml"),
    "link.unknown_competency.fix": ("lisa see faili catalogues/competencies.yaml",
                                    "add it to catalogues/competencies.yaml"),
    "link.duplicate.unit": ("korduv üksuse id `{id}`", "duplicate unit id `{id}`"),
    "link.duplicate.competency": ("korduv kompetentsi id `{id}`", "duplicate competency id `{id}`"),
    "link.duplicate.position": ("korduv ametikoha id `{id}`", "duplicate position id `{id}`"),
    "link.unknown_parent": ("tundmatu ülemüksus `{id}`", "unknown parent unit `{id}`"),
    "link.unknown_parent.fix": ("kirjuta selle faili mõne üksuse id või lisa see üksus",
                                "write the id of a unit of this file, or add that unit"),
    "link.unit_cycle": ("üksused moodustavad ringi: {path}", "units form a cycle: {path}"),
    "link.unit_cycle.expected": ("iga üksus suurema üksuse sees, kuni osakonnani",
                                 "each unit inside a larger one, up to a department"),
    "link.unit_cycle.fix": ("üksuse `parent` peab olema suurem üksus; paranda siin üks `parent`",
                            "a unit's parent must be a larger unit; correct one `parent` here"),
    "link.one_sided": ("ühepoolne asendus: `{other}` ei nimeta `{id}` loendis `{key}`",
                       "one-sided substitution: `{other}` does not list `{id}` in `{key}`"),
    "link.one_sided.fix": ("lisa `{id}` faili {other}.yaml loendisse `{key}`", "add `{id}` to `{key}` in {other}.yaml"),
    "link.reporting_cycle": ("alluvussuhted moodustavad ringi: {path}", "reporting lines form a cycle: {path}"),
    "link.reporting_cycle.expected": ("vahetute juhtide ahel, mis lõpeb organisatsiooni tipus",
                                      "a chain of direct managers that ends at the top of the organisation"),
    "link.reporting_cycle.fix": ("paranda ühe nimetatud ametikoha `manager`",
                                 "correct the `manager` of one of these positions"),
    "site.reserved.position": ("ametikoha id `{id}` on reserveeritud saidi lehele",
                               "the position id `{id}` is reserved for a page of the site"),
    "site.reserved.unit": ("üksuse id `{id}` on reserveeritud saidi lehele",
                           "the unit id `{id}` is reserved for a page of the site"),
    "site.reserved.competency": ("kompetentsi id `{id}` on reserveeritud saidi lehele",
                                 "the competency id `{id}` is reserved for a page of the site"),
    "site.reserved.fix": ("vali muu id, nt `{id}-1`", "choose another id, e.g. `{id}-1`"),
    "site.reserved.fix_digits": ("vali tähtedega id, nt `ametikoht-{id}`", "choose an id with letters, e.g. "
                                 "`ametikoht-{id}`"),
    # --- the data folder (load) ------------------------------------------------------------------
    "load.not_read": ("{what}: jäeti lugemata", "{what}: not read"),
    "load.dangling_link": ("viit, mis ei vii kuhugi (sihtfail puudub või viited moodustavad ringi)",
                           "a link that leads nowhere (its target is missing, or it loops)"),
    "load.dangling_link.fix": ("eemalda viit või asenda see failiga endaga",
                               "remove the link, or replace it with the file itself"),
    "load.outside_link": ("viit andmekaustast väljas olevale failile", "a link to a file outside the data folder"),
    "load.outside_link.expected": ("andmed ise, andmekausta sees", "the data itself, inside the data folder"),
    "load.outside_link.fix": ("kopeeri fail andmekausta, selle asemel et sellele viidata",
                              "copy the file into the data folder instead of linking to it"),
    "load.not_catalogue": ("pole kataloogifail", "not a catalogue file"),
    "load.not_catalogue.fix": ("kataloogifailid on {files}", "catalogue files are {files}"),
    "load.folder": ("kaust andmekausta sees", "a folder inside the data folder"),
    "load.folder.fix": ("hoia ametikohtade failid otse andmekaustas",
                        "keep position files directly in the data folder"),
    "load.yml": ("ametikoha faili nimi peab lõppema `.yaml`-ga", "position files must end in `.yaml`"),
    "load.rename": ("nimeta see ümber: `{name}`", "rename it to `{name}`"),
    "load.not_position": ("pole ametikoha fail", "not a position file"),
    "load.not_position.fix": ("ametikohtade failid lõpevad `.yaml`-ga; vii muud failid andmekaustast välja",
                              "position files end in `.yaml`; move other files out of the data folder"),
    "load.no_folder": ("andmekausta ei leitud", "data folder not found"),
    "load.no_folder.expected": ("kaust, kus on iga ametikoha kohta üks YAML-fail",
                                "a folder with one YAML file per position"),
    "load.no_folder.fix": ("anna õige kaust võtmega --data", "pass the right folder with --data"),
    "load.duplicate_id": ("korduv id `{id}` (ka failis {other})", "duplicate id `{id}` (also in {other})"),
    "load.duplicate_id.expected": ("iga id ainult ühes failis", "each id in one file only"),
    "load.duplicate_id.fix": ("anna ühele ametikohale uus id", "give one of the positions a new id"),
    "load.no_schema_link": ("fail ei viita redaktori skeemile", "the file does not link the editor schema"),
    "load.no_schema_link.found": ("rida `# yaml-language-server: $schema=…` puudub",
                                  "no `# yaml-language-server: $schema=…` line"),
    "load.no_schema_link.expected": ("esimese reana `{line}`", "`{line}` as the first line"),
    "load.no_schema_link.fix": ("lisa see rida faili algusesse", "add that line at the top of the file"),
    "load.no_catalogue": ("kataloogifaili ei leitud", "catalogue file not found"),
    "load.no_catalogue.fix": ("loo see (vt README, osa HR-ile)",
                              "create it (see README, section for HR maintainers)"),
    # --- YAML (yamlio) ---------------------------------------------------------------------------
    "yaml.not_utf8": ("fail pole UTF-8 tekst", "the file is not valid UTF-8 text"),
    "yaml.not_utf8.found": ("bait 0x{byte}", "byte 0x{byte}"),
    "yaml.not_utf8.expected": ("UTF-8 kodeeringus tekst", "UTF-8 encoded text"),
    "yaml.not_utf8.fix": ("salvesta fail UTF-8 kodeeringus (enamikus redaktorites: Fail › Salvesta kodeeringuga "
                          "› UTF-8)", "save the file as UTF-8 (in most editors: File › Save with encoding › UTF-8)"),
    "yaml.unreadable": ("faili ei saa lugeda: {reason}", "cannot read the file: {reason}"),
    "yaml.not_file": ("see ei ole tavaline fail (nt nimeline toru või seade), seda ei loeta",
                      "not a regular file (e.g. a named pipe or a device); it is not read"),
    "yaml.not_file.fix": ("eemalda see andmekaustast", "remove it from the data folder"),
    "yaml.too_large": ("fail on liiga suur ({size} megabaiti), seda ei loeta",
                       "the file is too large ({size} MB); it is not read"),
    "yaml.too_large.expected": ("kuni {limit} megabaiti (ametijuhend on mõnikümmend kilobaiti)",
                                "at most {limit} MB (a job description is some tens of kilobytes)"),
    "yaml.too_large.fix": ("kontrolli, kas see on õige fail; pikad tekstid jaga mitmeks punktiks",
                           "check that this is the right file; split long texts into several items"),
    "yaml.documents": ("failis on rohkem kui üks YAML-dokument", "the file holds more than one YAML document"),
    "yaml.documents.expected": ("üks dokument failis", "one document per file"),
    "yaml.documents.fix": ("eemalda eraldaja `---` ja jaga fail kaheks",
                           "remove the `---` separator and split the file"),
    "yaml.empty": ("fail on tühi", "the file is empty"),
    "yaml.empty.expected": ("võtmed, nt `id:`", "a mapping of keys such as `id:`"),
    "yaml.empty.fix": ("kirjuta ametikoha võtmed (alustuseks kopeeri mõni teine ametikoha fail) või kustuta fail",
                       "write the position's keys (copy another position file as a start) or delete the file"),
    "yaml.syntax": ("YAML-i süntaksiviga: {what}", "YAML syntax error: {what}"),
    "yaml.syntax.context": ("{context} {problem}", "{context} {problem}"),
    "yaml.syntax.noticed": ("{what} (märgati real {line})", "{what} (noticed at line {line})"),
    "yaml.syntax.parser": ("parseri teade „{text}“", "{text}"),
    "yaml.syntax.expected": ("korrektne YAML: `võti: väärtus` read, loendid `- `-ga, ühtlane taane tühikutega",
                             "valid YAML: `key: value` lines, lists with `- `, consistent indentation with spaces"),
    "yaml.syntax.close_quote": ("sulge jutumärgid: tekst, mis algab märgiga `{quote}`, peab lõppema märgiga "
                                "`{quote}` samal real", "close the quote: text that starts with `{quote}` must end "
                                "with `{quote}` on this line"),
    "yaml.syntax.close_bracket": ("sulge siin avatud `{bracket}` või kirjuta elemendid ridadena, mis algavad `- `",
                                  "close the `{bracket}` opened here, or write the items as lines starting with `- `"),
    "yaml.syntax.tab": ("tee taane tühikutega: YAML ei luba taandes tabulaatoreid",
                        "indent with spaces: YAML does not allow tabs in indentation"),
    "yaml.syntax.fix": ("kontrolli selle ja eelmise rea taanet ja jutumärke; tekst, milles on `: ` või mis algab "
                        "erimärgiga, peab olema jutumärkides", "check the indentation and quoting on this line and "
                        "the one above; text containing `: ` or starting with a special character must be quoted"),
    "yaml.character": ("failis on märk, mida YAML ei luba (U+{code})",
                       "the file contains a character YAML does not allow (U+{code})"),
    "yaml.character.found": ("juhtmärk U+{code}", "control character U+{code}"),
    "yaml.printable": ("loetav tekst, tabulaatorid ja reavahetused", "printable text, tabs and line breaks"),
    "yaml.character.fix": ("kustuta see märk; enamikus redaktorites on see nähtamatu (tuleb sageli kaasa PDF-ist "
                           "või Wordist kleepides)", "delete the character; it is invisible in most editors (often "
                           "pasted from a PDF or Word)"),
    "yaml.depth": ("väärtused on pesastatud sügavamale kui {depth} taset",
                   "values are nested more than {depth} levels deep"),
    "yaml.depth.expected": ("ametikoha faili ülesehitus (mõni taandetase)",
                            "the structure of a position file (a few levels of indentation)"),
    "yaml.depth.fix": ("kontrolli taanet; eemalda liigne pesastus", "check the indentation; remove the extra nesting"),
    "yaml.alias": ("ankrud ja viited (`&nimi`, `*nimi`) pole lubatud",
                   "anchors and aliases (`&name`, `*name`) are not allowed"),
    "yaml.alias.expected": ("iga väärtus täielikult välja kirjutatud", "every value written out in full"),
    "yaml.alias.fix": ("asenda `*viide` tekstiga, mida see tähistab", "replace `*alias` with the text it stands for"),
    "yaml.key_text": ("võti peab olema lihttekst", "a key must be plain text"),
    "yaml.key_text.expected": ("võti nagu `title`", "a key such as `title`"),
    "yaml.duplicate_key": ("korduv võti `{key}` (esimest korda real {line})",
                           "duplicate key `{key}` (first at line {line})"),
    "yaml.duplicate_key.expected": ("iga võti üks kord", "each key once per mapping"),
    "yaml.duplicate_key.fix": ("ühenda kaks kirjet üheks; YAML jätaks märkamatult alles ainult viimase",
                               "merge the two entries into one; YAML would silently keep only the last"),
    "yaml.escape": ("tekstis on paojadana kirjutatud juhtmärk (U+{code})",
                    "the text contains a control character written as an escape (U+{code})"),
    "yaml.escape.found": ("juhtmärk U+{code} (paojada nagu `\\0`, `\\x{byte}` või `\\u{code4}`)",
                          "control character U+{code} (an escape such as `\\0`, `\\x{byte}` or `\\u{code4}`)"),
    "yaml.escape.fix": ("kustuta paojada jutumärkides tekstist",
                        "delete the escape sequence from the double-quoted text"),
    "yaml.tag": ("YAML-i sildid pole lubatud (leitud `{tag}`)", "YAML tags are not allowed (found `{tag}`)"),
    "yaml.tag.expected": ("tavaline tekst, loendid ja võtmed", "plain text, lists and mappings"),
    "yaml.tag.fix": ("eemalda väärtuse eest silt `!…`", "remove the `!…` tag in front of the value"),
    # libyaml's wording of a syntax error, part by part (`yamlio._syntax_what`)
    "libyaml.while scanning a quoted scalar": ("jutumärkides teksti lugemisel", "while scanning a quoted scalar"),
    "libyaml.while scanning a plain scalar": ("teksti lugemisel", "while scanning a plain scalar"),
    "libyaml.while scanning a block scalar": ("mitmerealise teksti lugemisel", "while scanning a block scalar"),
    "libyaml.while scanning a simple key": ("võtme lugemisel", "while scanning a simple key"),
    "libyaml.while scanning an anchor": ("ankru lugemisel", "while scanning an anchor"),
    "libyaml.while scanning an alias": ("viite lugemisel", "while scanning an alias"),
    "libyaml.while scanning a tag": ("sildi lugemisel", "while scanning a tag"),
    "libyaml.while scanning a directive": ("direktiivi lugemisel", "while scanning a directive"),
    "libyaml.while scanning a block collection": ("loendi lugemisel", "while scanning a block collection"),
    "libyaml.while parsing a block mapping": ("võtmete ploki lugemisel", "while parsing a block mapping"),
    "libyaml.while parsing a block collection": ("loendi lugemisel", "while parsing a block collection"),
    "libyaml.while parsing a flow sequence": ("nurksulgudes loendi lugemisel", "while parsing a flow sequence"),
    "libyaml.while parsing a flow mapping": ("looksulgudes võtmete lugemisel", "while parsing a flow mapping"),
    "libyaml.while parsing a node": ("väärtuse lugemisel", "while parsing a node"),
    "libyaml.while parsing a block node": ("väärtuse lugemisel", "while parsing a block node"),
    "libyaml.while parsing a flow node": ("väärtuse lugemisel", "while parsing a flow node"),
    "libyaml.mapping values are not allowed in this context": ("võtme väärtus pole selles kohas lubatud",
                                                               "mapping values are not allowed in this context"),
    "libyaml.mapping values are not allowed here": ("võtme väärtus pole selles kohas lubatud",
                                                    "mapping values are not allowed here"),
    "libyaml.block sequence entries are not allowed in this context": (
        "loendi elemendid pole selles kohas lubatud", "block sequence entries are not allowed in this context"),
    "libyaml.found unexpected end of stream": ("fail lõppes ootamatult", "found unexpected end of stream"),
    "libyaml.did not find expected key": ("oodatud võtit ei leitud", "did not find expected key"),
    "libyaml.could not find expected ':'": ("oodatud koolonit `:` ei leitud", "could not find expected ':'"),
    "libyaml.found character that cannot start any token": ("leiti märk, millega YAML-i väärtus ei saa alata",
                                                            "found character that cannot start any token"),
    "libyaml.found a tab character that violates indentation": ("leiti taanet rikkuv tabulaator",
                                                                "found a tab character that violates indentation"),
    "libyaml.found a tab character where an indentation space is expected": (
        "taande tühiku asemel leiti tabulaator", "found a tab character where an indentation space is expected"),
    "libyaml.did not find expected '-' indicator": ("oodatud loendimärki `-` ei leitud",
                                                    "did not find expected '-' indicator"),
    "libyaml.did not find expected ',' or ']'": ("oodatud märki `,` või `]` ei leitud",
                                                 "did not find expected ',' or ']'"),
    "libyaml.did not find expected ',' or '}'": ("oodatud märki `,` või `}}` ei leitud",
                                                 "did not find expected ',' or '}}'"),
    "libyaml.did not find expected node content": ("oodatud väärtust ei leitud", "did not find expected node content"),
    "libyaml.found undefined tag handle": ("leiti defineerimata sildi tähis", "found undefined tag handle"),
    "libyaml.found unknown escape character": ("leiti tundmatu paojada", "found unknown escape character"),
    "libyaml.found unexpected document indicator": ("leiti ootamatu dokumendi eraldaja",
                                                    "found unexpected document indicator"),
    "libyaml.did not find expected alphabetic or numeric character": (
        "oodatud tähte või numbrit ei leitud", "did not find expected alphabetic or numeric character"),
    "libyaml.did not find expected whitespace or line break": ("oodatud tühikut või reavahetust ei leitud",
                                                               "did not find expected whitespace or line break"),
    "libyaml.did not find expected comment or line break": ("oodatud kommentaari või reavahetust ei leitud",
                                                            "did not find expected comment or line break"),
    "libyaml.did not find expected <document start>": ("oodatud dokumendi algust ei leitud",
                                                       "did not find expected <document start>"),
    "libyaml.did not find expected hexdecimal number": ("oodatud kuueteistkümnendarvu ei leitud",
                                                        "did not find expected hexdecimal number"),
    "libyaml.found invalid Unicode character escape code": ("leiti vigane Unicode'i märgi paojada",
                                                            "found invalid Unicode character escape code"),
    "libyaml.while increasing block level": ("taande süvendamisel", "while increasing block level"),
    "libyaml.while increasing flow level": ("sulgude pesastamisel", "while increasing flow level"),
    "libyaml.while parsing a quoted scalar": ("jutumärkides teksti lugemisel", "while parsing a quoted scalar"),
    "libyaml.while parsing a tag": ("sildi lugemisel", "while parsing a tag"),
    "libyaml.while scanning for the next token": ("järgmise osa lugemisel", "while scanning for the next token"),
    "libyaml.while scanning a %YAML directive": ("direktiivi %YAML lugemisel", "while scanning a %YAML directive"),
    "libyaml.while scanning a %TAG directive": ("direktiivi %TAG lugemisel", "while scanning a %TAG directive"),
    "libyaml.while parsing a %TAG directive": ("direktiivi %TAG lugemisel", "while parsing a %TAG directive"),
    "libyaml.while scanning a tag directive": ("sildi direktiivi lugemisel", "while scanning a tag directive"),
    "libyaml.while parsing a tag directive": ("sildi direktiivi lugemisel", "while parsing a tag directive"),
    "libyaml.exceeded maximum nesting depth": ("pesastus on liiga sügav", "exceeded maximum nesting depth"),
    "libyaml.found unexpected ':'": ("leiti ootamatu koolon `:`", "found unexpected ':'"),
    "libyaml.mapping keys are not allowed in this context": ("võtmed pole selles kohas lubatud",
                                                             "mapping keys are not allowed in this context"),
    "libyaml.control characters are not allowed": ("juhtmärgid pole lubatud", "control characters are not allowed"),
    "libyaml.found unexpected non-alphabetical character": ("leiti ootamatu märk, mis pole täht",
                                                            "found unexpected non-alphabetical character"),
    "libyaml.did not find expected whitespace": ("oodatud tühikut ei leitud", "did not find expected whitespace"),
    "libyaml.found an indentation indicator equal to 0": ("leiti taande näitaja 0",
                                                          "found an indentation indicator equal to 0"),
    "libyaml.found unknown directive name": ("leiti tundmatu direktiivi nimi", "found unknown directive name"),
    "libyaml.found duplicate %YAML directive": ("leiti korduv direktiiv %YAML", "found duplicate %YAML directive"),
    "libyaml.found duplicate %TAG directive": ("leiti korduv direktiiv %TAG", "found duplicate %TAG directive"),
    "libyaml.found incompatible YAML document": ("leiti ühildumatu YAML-dokument", "found incompatible YAML document"),
    "libyaml.could not find expected directive name": ("oodatud direktiivi nime ei leitud",
                                                       "could not find expected directive name"),
    "libyaml.did not find expected version number": ("oodatud versiooninumbrit ei leitud",
                                                     "did not find expected version number"),
    "libyaml.did not find expected digit or '.' character": ("oodatud numbrit või punkti ei leitud",
                                                             "did not find expected digit or '.' character"),
    "libyaml.found extremely long version number": ("leiti liiga pikk versiooninumber",
                                                    "found extremely long version number"),
    "libyaml.did not find expected '!'": ("oodatud märki `!` ei leitud", "did not find expected '!'"),
    "libyaml.did not find URI escaped octet": ("oodatud URI paojada ei leitud", "did not find URI escaped octet"),
    "libyaml.did not find the expected '>'": ("oodatud märki `>` ei leitud", "did not find the expected '>'"),
    "libyaml.did not find expected tag URI": ("oodatud sildi URI-d ei leitud", "did not find expected tag URI"),
    # --- the build (MkDocs hook) and settings ----------------------------------------------------
    "build.invalid": ("andmetes kaustas {folder} on vigu; saiti ei ehitatud:\n{report}",
                      "invalid data in {folder}; the site was not built:\n{report}"),
    "build.invalid_serve": ("andmetes kaustas {folder} on vigu; sait näitab viimaseid korras andmeid ja iga lehe "
                            "peal neid vigu:\n{report}", "invalid data in {folder}; the served site shows the last "
                            "valid data with these errors on every page:\n{report}"),
    "build.invalid_serve_empty": ("andmetes kaustas {folder} on vigu ja korras andmeid veel pole; sait näitab "
                                  "ainult käsitsi kirjutatud lehti ja iga lehe peal neid vigu:\n{report}",
                                  "invalid data in {folder} and no valid data yet; the served site shows only the "
                                  "hand-written pages with these errors on every page:\n{report}"),
    "build.site_is_data": ("saidi kaust {site} on andmekaust {folder}, sisaldab seda või on selle sees: ehitamine "
                           "asendaks andmed saidiga; vali saidile muu kaust (`mkdocs build -d site`)",
                           "the site folder {site} is, holds or lies in the data folder {folder}: building would "
                           "replace the data with the site; choose another folder for the site "
                           "(`mkdocs build -d site`)"),
    "pages.out_is_data": ("kaust {out} on andmekaust {folder}, sisaldab seda või on selle sees; lehti ei kirjutatud "
                          "(kaust asendatakse tervikuna): vali muu kaust",
                          "the folder {out} is, holds or lies in the data folder {folder}; no pages were written (the "
                          "folder is replaced whole): choose another folder"),
    "pages.out_not_folder": ("{out} on {what}, mitte kaust; seda ei asendata ja lehti ei kirjutatud: anna --out "
                             "uus kaust, tühi kaust või varasem `ametijuhend pages` väljund",
                             "{out} is {what}, not a folder; it is not replaced and no pages were written: give --out "
                             "a new folder, an empty one or an earlier `ametijuhend pages` output"),
    "pages.a_link": ("viit (symlink)", "a symbolic link"),
    "pages.a_file": ("fail", "a file"),
    "pages.out_not_ours": ("kaust {out} on olemas, aga ei ole varasem `ametijuhend pages` väljund (puudub {mark}); "
                           "seda ei asendata: vali uus või tühi kaust",
                           "the folder {out} exists but is not an earlier `ametijuhend pages` output (no {mark}); "
                           "it is not replaced: choose a new or empty folder"),
    "build.cannot": ("kaustast {folder} ei saa saiti ehitada:\n{report}",
                     "the site cannot be built from {folder}:\n{report}"),
    "settings.bool": ("seade {name}: väärtus {value} pole arusaadav; lubatud on {true} (sees) või {false} (väljas)",
                      "setting {name}: the value {value} is not understood; allowed are {true} (on) or "
                      "{false} (off)"),
    "settings.address": ("seade {name}: aadressis {value} on märke, mida aadressis olla ei saa (tühik, jutumärk, "
                         "< > ` {{ }} \\ ^ |); kirjuta aadress nii, nagu brauser seda näitab, nt "
                         "`https://intra.example/ametijuhendid/`",
                         "setting {name}: the address {value} holds characters an address cannot hold (space, "
                         "quote, < > ` {{ }} \\ ^ |); write it as a browser shows it, e.g. "
                         "`https://intra.example/ametijuhendid/`"),
    "settings.date": ("seade {name}: kuupäev {value} pole arusaadav; kirjuta kuupäev kujul AAAA-KK-PP, nt "
                      "`2027-01-01`",
                      "setting {name}: the date {value} is not understood; write it as YYYY-MM-DD, e.g. `2027-01-01`"),
    "settings.lang": ("seade {name}: keel {value} pole toetatud; lubatud on {allowed}",
                      "setting {name}: the language {value} is not supported; allowed are {allowed}"),
    "settings.not_mapping": ("mkdocs.yml: extra.{section} peab koosnema `võti: väärtus` ridadest",
                             "mkdocs.yml: extra.{section} must be a mapping of `key: value` lines"),
    "settings.unknown": ("mkdocs.yml: tundmatu seade extra.{section}.{name}; lubatud on {allowed}",
                         "mkdocs.yml: unknown setting extra.{section}.{name}; allowed are {allowed}"),
    # --- the command line ------------------------------------------------------------------------
    "cli.usage": ("kasutus: ", "usage: "),
    "cli.error": ("{prog}: viga: {message}", "{prog}: error: {message}"),
    "cli.positionals": ("argumendid", "positional arguments"),
    "cli.options": ("valikud", "options"),
    "cli.commands": ("käsud", "commands"),
    "cli.command_metavar": ("KÄSK", "COMMAND"),
    "cli.help": ("näita seda abiteksti ja lõpeta", "show this help message and exit"),
    "cli.version": ("näita programmi versiooni ja lõpeta", "show program's version number and exit"),
    "cli.lang": ("teadete keel: et (eesti, vaikimisi) või en (inglise); muidu {env}, siis lokaat (LC_ALL, "
                 "LC_MESSAGES, LANG)", "language of the messages: et (Estonian, the default) or en (English); "
                 "else {env}, then the locale (LC_ALL, LC_MESSAGES, LANG)"),
    "cli.description": ("Ametijuhendid andmetena: kontrolli neid, kirjuta skeemid, impordi vanu, loo katseandmeid.",
                        "Job descriptions (ametijuhendid) as data: check them, export their schema, import, "
                        "generate."),
    "cli.validate": ("kontrolli kõiki ametikohtade ja kataloogide faile ning näita kõiki probleeme",
                     "check every position and catalogue file, report all problems"),
    "cli.validate.description": ("Kontrollib andmekausta kõiki faile ja näitab iga probleemi juures faili:rea:veeru, "
                                 "võtme, leitud väärtuse, oodatud väärtuse ja paranduse. Lõpetab koodiga 0, kui vigu "
                                 "pole (hoiatused on lubatud), muidu 1.",
                                 "Check every file of the data folder and print every problem with its "
                                 "file:line:column, key, what was found, what was expected and the fix. "
                                 "Exit status 0 when there are no errors (warnings allowed), 1 otherwise."),
    "cli.data": ("andmekaust (vaikimisi ${env} või `positions`)", "data folder (default: ${env} or `positions`)"),
    "cli.format": ("väljundi vorming (vaikimisi text)", "output format (default: text)"),
    "cli.quiet": ("näita ainult vigu; kui vigu pole, ära näita midagi",
                  "show errors only; print nothing when there are none"),
    "cli.schema": ("kirjuta redaktorite JSON-skeemid (schema/*.schema.json)",
                   "write the JSON Schemas editors use (schema/*.schema.json)"),
    "cli.schema.description": ("Kirjutab mudelitest failid schema/{{position,units,competencies,"
                               "referenced-positions}}.schema.json. Võtmega --check ei kirjuta midagi ja lõpetab "
                               "koodiga 1, kui failid on aegunud.",
                               "Write schema/{{position,units,competencies,referenced-positions}}.schema.json "
                               "from the models. With --check, write nothing and exit 1 if the files are out of "
                               "date."),
    "cli.schema.check": ("lõpeta koodiga 1, kui failid erinevad mudelitest",
                         "exit 1 if the files differ from the models"),
    "cli.schema.out": ("skeemifailide kaust (vaikimisi schema)", "folder of the schema files (default: schema)"),
    "cli.schema.stale": ("{path}: ei vasta enam failile src/ametijuhend/models.py",
                         "{path}: out of date with src/ametijuhend/models.py"),
    "cli.schema.missing": ("{path}: puudub", "{path}: missing"),
    "cli.schema.fix": ("parandus: käivita `ametijuhend schema --out {out}` ja salvesta tulemus hoidlasse",
                       "fix: run `ametijuhend schema --out {out}` and commit the result"),
    "cli.schema.current": ("{out}: skeemid on ajakohased", "{out}: schemas up to date"),
    "cli.schema.wrote": ("kirjutatud {path}", "wrote {path}"),
    "cli.schema.unwritable": ("skeeme ei saa kirjutada kausta {out} ({reason}): anna --out kaust, kuhu saab kirjutada",
                              "cannot write the schemas into {out} ({reason}): give --out a folder that can be "
                              "written"),
    "cli.import": ("tee vanast ametijuhendist (txt, docx, pdf) ametikoha mustandfail",
                   "turn a legacy job description (txt, docx, pdf) into a draft position file"),
    "cli.generate": ("kirjuta sünteetiline andmekaust (testide ja jõudlusmõõtmiste jaoks)",
                     "write a synthetic data folder (for tests and benchmarks)"),
    "cli.export": ("kirjuta allkirjastamiseks ametlikud dokumendid (DOCX, PDF)",
                   "write the official documents (DOCX, PDF) for signing"),
    "cli.pages": ("kirjuta kõik loodud lehed kettale, saidiehitajale ilma hook'ita",
                  "write every generated page to disk, for a site builder without the hook"),
    "cli.plugin_missing": ("pole selles paigalduses saadaval (moodul `{module}` puudub)",
                           "not available in this installation (module `{module}` is missing)"),
    "cli.plugin_needs": ("vajab Pythoni paketti `{package}`: paigalda projekt käsuga `pip install -e .`",
                         "needs the Python package `{package}`: install the project with `pip install -e .`"),
    "cli.plugin_broken": ("moodul `{module}` ei paku funktsioone `add_arguments(parser)` ja `run(args)`",
                          "module `{module}` does not provide `add_arguments(parser)` and `run(args)`"),
    # argparse's own errors (`cli.Parser.error` recognises them by their English wording)
    "argparse.required": ("need argumendid on kohustuslikud: {names}", "the following arguments are required: {names}"),
    "argparse.choice": ("argument {name}: lubamatu valik {value} (võimalikud: {choices})",
                        "argument {name}: invalid choice: {value} (choose from {choices})"),
    "argparse.unrecognized": ("tundmatud argumendid: {names}", "unrecognized arguments: {names}"),
    "argparse.expected_one": ("argument {name}: oodati ühte väärtust", "argument {name}: expected one argument"),
    "argparse.expected_some": ("argument {name}: oodati vähemalt ühte väärtust",
                               "argument {name}: expected at least one argument"),
    "argparse.invalid_value": ("argument {name}: vigane väärtus {value} (oodati tüüpi {type})",
                               "argument {name}: invalid {type} value: {value}"),
    "argparse.not_allowed": ("argument {name}: pole lubatud koos argumendiga {other}",
                             "argument {name}: not allowed with argument {other}"),
    "argparse.one_required": ("üks argumentidest {names} on kohustuslik", "one of the arguments {names} is required"),
    "argparse.ambiguous": ("mitmetähenduslik valik: {option} võib olla {matches}",
                           "ambiguous option: {option} could match {matches}"),
    "argparse.other": ("vigased argumendid ({text})", "{text}"),
    # --- the importer (ametijuhend import) -------------------------------------------------------
    "import.files": ("imporditavad ametijuhendid: .txt (PDF-ist võetud tekst), .docx või .pdf",
                     "job descriptions to import: .txt (text extracted from PDF), .docx or .pdf"),
    "import.out": ("mustandite kaust (vaikimisi {default}/, mitte avaldatavate andmete kaust); olemasolevaid faile "
                   "ei kirjutata kunagi üle", "folder for the drafts (default: {default}/, not the published data "
                   "folder); existing files are never overwritten"),
    "import.data": ("andmekaust, mille ametikohtade ja kataloogide järgi viited lahendatakse (vaikimisi positions)",
                    "data folder whose positions and catalogues resolve references (default: positions)"),
    "import.status.written": ("kirjutatud", "written"),
    "import.status.skipped": ("vahele jäetud", "skipped"),
    "import.status.failed": ("ebaõnnestus", "failed"),
    "import.sections": ("leitud osad: {names}", "sections found: {names}"),
    "import.missing": ("allikast puuduvad väljad: {names}", "fields the source lacks: {names}"),
    "import.none": ("ei ühtegi", "none"),
    "import.unresolved": ("lahendamata: {text}", "unresolved: {text}"),
    "import.unplaced": ("paigutamata tekst (rida {line}): {text}", "text not placed (line {line}): {text}"),
    "import.personal": ("isikuandmed? (rida {line}): {text} — jäeti välja; vaata allikat ja lisa sisu käsitsi, kui "
                        "see polnud nimi", "personal data? (line {line}): {text} — left out; check the source and "
                        "add the content by hand if it was not a name"),
    "import.note": ("märkus: {text}", "note: {text}"),
    "import.cannot_write": ("mustandit ei saa kirjutada kausta {folder}: {reason}",
                            "cannot write the draft to {folder}: {reason}"),
    "import.crashed": ("importija ei saanud faili töödelda ({error})", "the importer could not process the file "
                       "({error})"),
    "import.already": ("sellest allikast juba imporditud; üle ei kirjutatud (uuesti importimiseks kustuta see fail)",
                       "already imported from this source; not overwritten (delete that file to import again)"),
    "import.appeared": ("fail tekkis vahepeal; üle ei kirjutatud", "the file appeared meanwhile; not overwritten"),
    "import.other_source": ("`{file}` on juba teisest allikast: kasutati id-d `{id}`",
                            "`{file}` is from another source already: used the id `{id}`"),
    "import.no_data": ("{folder}: andmekausta ei leitud (anna --data KAUST); viiteid ei saa lahendada",
                       "{folder}: data folder not found (pass --data DIR); references cannot be resolved"),
    "import.out_is_file": ("see on fail, mitte kaust; anna --out kaudu kaust mustandite jaoks",
                           "this is a file, not a folder; pass a folder for the drafts with --out"),
    "import.out_not_writable": ("kausta ei saa kirjutada (õigused puuduvad)", "the folder is not writable (no "
                                "permission)"),
    "import.out_parent_file": ("{parent} on fail, selle alla ei saa kausta teha; anna --out kaudu kaust "
                               "mustandite jaoks", "{parent} is a file, no folder can be made below it; pass a "
                               "folder for the drafts with --out"),
    "import.out_parent_locked": ("kausta ei saa luua: {parent} ei ole kirjutatav",
                                 "the folder cannot be created: {parent} is not writable"),
    "import.out_unusable": ("sellist kausta ei saa kasutada ({reason})", "this folder cannot be used ({reason})"),
    "import.bomb": ("võimalik pakkimispomm, faili ei imporditud", "possibly a compression bomb, the file was not "
                    "imported"),
    "import.too_big": ("fail on liiga suur ({size}; lubatud kuni {limit})", "the file is too large ({size}; at most "
                       "{limit} allowed)"),
    "import.bad_docx": ("ei ole loetav Word-fail ({error})", "not a readable Word file ({error})"),
    "import.docx_part": ("Word-fail paisuks lahti pakkides liiga suureks: {part} oleks {size} (pakitult {packed}); "
                         "lubatud on kuni {limit} osa kohta — {bomb}", "the Word file would inflate too much: {part} "
                         "would be {size} (packed {packed}); at most {limit} a part is allowed — {bomb}"),
    "import.docx_ratio": ("Word-faili osa {part} on kahtlaselt tihedalt pakitud ({ratio}-kordne; lubatud kuni "
                          "{limit}-kordne) — {bomb}", "part {part} of the Word file is suspiciously densely packed "
                          "({ratio} times; at most {limit} times allowed) — {bomb}"),
    "import.docx_total": ("Word-fail paisuks lahti pakkides liiga suureks: kokku {size}; lubatud on kuni {limit} — "
                          "{bomb}", "the Word file would inflate too much: {size} in all; at most {limit} allowed — "
                          "{bomb}"),
    "import.docx_dtd": ("Word-faili osas {part} on DTD või olemid (<!ENTITY>), mida Word ei kirjuta — võimalik "
                        "XML-pomm („billion laughs“), faili ei imporditud", "part {part} of the Word file holds a DTD "
                        "or entities (<!ENTITY>), which Word never writes — possibly an XML bomb (\"billion "
                        "laughs\"), the file was not imported"),
    "import.binary": ("binaarfail, mitte tekst", "a binary file, not text"),
    "import.encoding": ("ei ole tekst kodeeringus UTF-8 ega Windows-1257", "not text in UTF-8 or Windows-1257"),
    "import.file_type": ("failitüüpi `{suffix}` ei toetata: sobivad {types}", "file type `{suffix}` is not "
                         "supported: use {types}"),
    "import.not_found": ("faili ei leitud", "file not found"),
    "import.not_file": ("see ei ole tavaline fail (kaust, nimeline toru või seade), seda ei loeta",
                        "not a regular file (a folder, a named pipe or a device); it is not read"),
    "import.unreadable": ("faili ei saa lugeda ({reason})", "cannot read the file ({reason})"),
    "import.too_much_text": ("dokumendis on liiga palju teksti ({chars} märki; lubatud kuni {limit}) — kas see on "
                             "ikka üks ametijuhend?", "the document holds too much text ({chars} characters; at most "
                             "{limit} allowed) — is it really one job description?"),
    "import.no_text": ("failis pole teksti", "the file holds no text"),
    "import.no_text_pdf": ("failis pole teksti (skaneeritud PDF vajab enne tekstituvastust, OCR-i)",
                           "the file holds no text (a scanned PDF needs text recognition, OCR, first)"),
    "import.bad_pdf": ("ei ole loetav PDF-fail ({error})", "not a readable PDF file ({error})"),
    "import.pdf_stream": ("PDF-i voog (objekt {object}, pakitult {packed}) paisuks lahti pakkides üle {limit} — "
                          "{bomb}", "a PDF stream (object {object}, packed {packed}) would inflate past {limit} — "
                          "{bomb}"),
    "import.pdf_total": ("PDF-i vood paisuksid lahti pakkides kokku üle {limit} — {bomb}",
                         "the PDF's streams would inflate past {limit} in all — {bomb}"),
    "import.pdf_password": ("PDF on krüpteeritud (avamiseks on vaja parooli): ava see parooliga ja salvesta ilma "
                            "paroolita või salvesta Wordi dokumendina, siis impordi uuesti", "the PDF is encrypted "
                            "(it needs a password to open): open it with the password and save it without one, or "
                            "save it as a Word document, then import again"),
    "import.pdf_no_copy": ("PDF on krüpteeritud ja keelab teksti kopeerimise: salvesta see ilma piiranguteta, siis "
                           "impordi uuesti", "the PDF is encrypted and forbids copying its text: save it without "
                           "restrictions, then import again"),
    "import.pdf_encryption": ("PDF on krüpteeritud viisil, mida importija ei loe ({error}): salvesta see ilma "
                              "krüpteeringuta, siis impordi uuesti", "the PDF is encrypted in a way the importer "
                              "cannot read ({error}): save it without encryption, then import again"),
    "import.memory": ("dokumendi lugemiseks oleks vaja üle {limit} mälu; lugemine katkestati (võimalik "
                      "pakkimispomm või vigane fail), faili ei imporditud", "reading the document would need more "
                      "than {limit} of memory; reading was stopped (possibly a compression bomb or a damaged "
                      "file), the file was not imported"),
    "import.timeout": ("dokumendi lugemine kestis üle {seconds} s ja katkestati (võimalik pomm või vigane fail), "
                       "faili ei imporditud", "reading the document took more than {seconds} s and was stopped "
                       "(possibly a bomb or a damaged file), the file was not imported"),
    "import.read_crash": ("importija ei saanud faili lugeda ({error})", "the importer could not read the file "
                          "({error})"),
    "import.too_deep": ("liiga sügavalt pesastatud sisu", "content nested too deeply"),
    "import.read_stopped": ("dokumendi lugemine katkes ({how}); faili ei imporditud", "reading the document stopped "
                            "({how}); the file was not imported"),
    "import.signal": ("signaal {name}", "signal {name}"),
    "import.exit_code": ("väljumiskood {code}", "exit code {code}"),
    "import.unknown_unit": ("1.2 Struktuuriüksus: `{name}` pole failis units.yaml",
                            "1.2 Struktuuriüksus (unit): `{name}` is not in units.yaml"),
    "import.unknown_position": ("{key}: `{name}` ei vasta ühelegi ametikohale; jäeti kujul `{ref}`",
                                "{key}: `{name}` matches no position; kept as `{ref}`"),
    "import.unknown_competency": ("kompetentsi `{name}` pole failis competencies.yaml; jäeti kujul `{id}`",
                                  "the competency `{name}` is not in competencies.yaml; kept as `{id}`"),
    "import.furniture": ("lehekülgede päise/jaluse ridu jäeti välja: {count} (korduvad lehtedel)",
                         "lines of page headers/footers left out: {count} (repeated on the pages)"),
    "import.signers": ("allkirjastajate nimesid jäeti välja: {count} (isikuandmed)",
                       "names of signers left out: {count} (personal data)"),
    "import.numbered": ("ülesannetel pole allikas numbreid {section}.x; nummerdati {section}.1, {section}.2 … "
                        "loendi numbrite järgi: kontrolli neid", "the duties have no numbers {section}.x in the "
                        "source; numbered {section}.1, {section}.2 … by the list numbers: check them"),
    "generate.description": ("Kirjutab sünteetilise andmekausta ({marker}) jõudlusmõõtmiste ja testide jaoks.",
                             "Write a synthetic data folder ({marker}) for benchmarks and tests."),
    "generate.out_dir": ("kirjutatav kaust (tühi või selle käsu enda varem kirjutatud)",
                         "folder to write (empty, or written by this command before)"),
    "generate.count": ("ametikohtade failide arv (vaikimisi 100)", "number of position files (default 100)"),
    "generate.seed": ("juhuarvude seeme; sama seeme annab samad failid",
                      "random seed; the same seed gives the same files"),
    "pages.description": ("Kirjutab kausta kõik loodud lehed (Markdown koos päisega, sisu HTML-ina), JSON-ekspordi "
                          "ja muud failid, navigeerimise, otsingu sisendi ja lihtsa mkdocs.yml-i, et neid saaks "
                          "ehitada ka saidiehitaja, millel pole MkDocsi hook'i.", "Write every generated page "
                          "(Markdown with front matter, its body HTML), the JSON export and the other files, the "
                          "navigation, the search input and a plain mkdocs.yml into a folder, so that a site "
                          "builder without the MkDocs hook can build them."),
    "pages.out": ("kirjutatav kaust (asendatakse tervikuna, kui käsk õnnestub)",
                  "folder to write (replaced whole when the run succeeds)"),
    "pages.drafts": ("kas avaldada `mustand`-ametikohad (vaikimisi ${env}, muidu jah)",
                     "publish `mustand` positions (default: ${env}, else jah)"),
    "pages.no_search": ("ära kirjuta otsingu sisendit", "do not write the search input"),
    "pages.page_rows": ("ridu iga pika loendi lehel (vaikimisi saidi enda suurused)",
                        "rows per page of every long list (default: the site's own sizes)"),
    "export.ids": ("eksporditavate ametikohtade id-d", "ids of the positions to export"),
    "export.all": ("ekspordi andmekausta kõik ametikohad", "export every position of the data folder"),
    "export.format": ("failivorming; mõlema jaoks anna kaks korda (vaikimisi docx)",
                      "file format; give twice for both (default: docx)"),
    "export.out": ("failide kaust", "folder for the files"),
    "export.force": ("kirjuta olemasolevad failid üle", "overwrite files that exist"),
    "export.template": ("DOCX-i kujunduse Wordi mall (vaikimisi hoidlas olev)",
                        "Word template of the DOCX layout (default: the one in the repository)"),
    "import.summary": ("Faile {files}: kirjutatud {written}, vahele jäetud (olemas) {skipped}, ebaõnnestus "
                       "{failed}; tähelepanu vajab {attention}; paigutamata teksti ridu {unplaced}",
                       "Files {files}: written {written}, skipped (exist) {skipped}, failed {failed}; need "
                       "attention {attention}; lines of text not placed {unplaced}"),
    "import.summary.personal": ("; isikuandmetena välja jäetud ridu {personal}",
                                "; lines left out as personal data {personal}"),
}
"""Key → (Estonian, English). Placeholders are `{name}`; both texts of a key have the same ones."""


class Count(int):
    """A number shown with its digits grouped as the language does (`1 000` / `1,000`)."""


class Megabytes(int):
    """A size in bytes, shown in megabytes with one decimal as the language writes it (`1,5 MB` / `1.5 MB`)."""


class Either(tuple):  # type: ignore[type-arg]
    """Alternatives, joined with "või" / "or" (`x` or `y`)."""


Param: TypeAlias = Union[str, int, "Msg", tuple["Param", ...]]


class Msg:
    """One message: a key of `MESSAGES` and the values of its placeholders; immutable, hashable."""

    __slots__ = ("key", "params")
    key: str
    params: tuple[tuple[str, Param], ...]

    def __init__(self, key: str, /, **params: Param) -> None:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r} in ametijuhend.messages.MESSAGES")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())) if len(params) > 1 else
                           tuple(params.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Msg is immutable")

    def __reduce__(self) -> tuple[object, ...]:  # pickled across the importer's worker process
        return (_rebuild, (self.key, self.params))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, self.params))

    def __repr__(self) -> str:
        args = "".join(f", {name}={value!r}" for name, value in self.params)
        return f"Msg({self.key!r}{args})"

    def __str__(self) -> str:
        return self.text(DEFAULT_LANG)

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The message in `lang`, its placeholders filled in."""
        template = MESSAGES[self.key][0 if lang == "et" else 1]
        if not self.params and "{" not in template:
            return template
        return template.format_map({name: render(value, lang) for name, value in self.params})


def _rebuild(key: str, params: tuple[tuple[str, Param], ...]) -> Msg:
    return Msg(key, **dict(params))


def render(value: Param | None, lang: Lang = DEFAULT_LANG) -> str:
    """A message or a placeholder value as text in `lang`."""
    if value.__class__ is str:
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, Either):
        parts = [render(v, lang) for v in value]
        joiner = " või " if lang == "et" else " or "
        return joiner.join(parts)
    if isinstance(value, tuple):
        return ", ".join(render(v, lang) for v in value)
    if isinstance(value, Megabytes):
        size = f"{int(value) / 2**20:.1f} MB"
        return size.replace(".", ",") if lang == "et" else size
    if isinstance(value, Count):
        grouped = f"{int(value):,}"
        return grouped.replace(",", " ") if lang == "et" else grouped
    return str(value)


def text(key: str, lang: Lang = DEFAULT_LANG, /, **params: Param) -> str:
    """`Msg(key, **params).text(lang)`."""
    return Msg(key, **params).text(lang)


def placeholders(template: str) -> set[str]:
    """The names of the `{placeholders}` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
