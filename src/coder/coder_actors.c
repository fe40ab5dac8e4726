/*
 * coder_actors.c — Step 2 of coding a sentence: discards and issues, then
 * actors and agents found by longest match, composed ("Russian troops" ->
 * RUSMIL), date-restricted, fuzzy-matched when garbled, and joined into
 * compounds; TABARI's pronoun coreference. Kept apart because it is the largest
 * single concern and depends only on word matching.
 */
#include "coder/coder_int.h"

/* An IGO/NGO/transnational group or a CAMEO region code (EUR, AFR, MEA, ...):
 * a participant that is not a state and lends no country to a bare agent. */
int coder_is_supranational(const char *code)
{
    static const char *const regions[] = { "EUR", "WST", "AFR", "WAF", "EAF", "NAF", "SAF", "CFR",
        "MEA", "ARB", "PGS", "ASA", "SAS", "SEA", "CAS", "LAM", "SAM", "NMR", "CRB", "BLK", "CAU",
        "EEU", "SCN" };
    if (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) || !strncmp(code, "IMG", 3)) return 1;
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (!strncmp(code, regions[i], 3)) return 1;
    return 0;
}

/* Appends agent code to an actor code (CAMEO 3-character alignment decides
 * whether it is already there). */
static void compose_code(char *code, size_t cap, const char *agent, int prefix)
{
    size_t al = strlen(agent), cl = strlen(code);
    if (!al) return;
    for (size_t off = 0; off + al <= cl; off += 3)
        if (!strncmp(code + off, agent, al)) return;
    if (al + cl + 1 > cap) return;   /* would not fit: keep the actor code */
    if (prefix) {
        memmove(code + al, code, cl + 1);
        memcpy(code, agent, al);
    } else {
        memcpy(code + cl, agent, al + 1);
    }
}

/* The inverse of compose_code: takes agent's code off code, where it went on. */
static void strip_agent(char *code, const agent_phrase *agent)
{
    if (!agent) return;
    size_t cl = strlen(code), al = strlen(agent->code);
    if (cl <= al) return;
    if (agent->prefix && !strncmp(code, agent->code, al)) memmove(code, code + al, cl - al + 1);
    else if (!agent->prefix && !strcmp(code + cl - al, agent->code)) code[cl - al] = 0;
}

/* CAMEO's religion codes: a dimension of their own that stacks with a role
 * ("Shiite militia" -> MUSSHIREB), where two roles do not. */
static int religion_code(const char *code)
{
    static const char *const religions[] = {"ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT",
                                            "CTH", "DOX", "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW",
                                            "JHW", "LDS", "MOS", "MRN", "MUS", "NRM", "PAG", "PRO",
                                            "SFI", "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO"};
    for (size_t i = 0; i < sizeof religions / sizeof religions[0]; i++)
        if (!strncmp(code, religions[i], 3)) return 1;
    return 0;
}

/* A plural common noun by its spelling ("workers", "rebels"; not "news"-like
 * short words nor "-ss" endings): enough to tell a stack's head from a complement. */
static int plural_noun(const sent_ctx *x, int i)
{
    const char *w = x->s->tok[i].lower;
    size_t l = strlen(w);
    return l > 3 && w[l - 1] == 's' && w[l - 2] != 's';
}

static int is_name_token(const sent_ctx *x, int i)
{
    const token *t = &x->s->tok[i];
    if (!(t->flags & TOK_CAP) || (t->flags & (TOK_PUNCT | TOK_NUM | TOK_QUOTE))) return 0;
    if (x->allcaps || (x->cls[i] & WC_STOP)) return 0;
    if (x->ment_at[i] >= 0 || x->unit_agent[i] >= 0) return 0;
    /* a capitalised verb form mid-sentence ("Urge", "Held") is a stray capital */
    if (t->lemma != t->lower && strcmp(t->lemma, t->lower)) return 0;
    uint32_t n;
    if (dict_index_get(&x->d->verb_idx, t->hash, &n) && (t->flags & TOK_FIRST)) return 0;
    return 1;
}

static mention *add_mention(sent_ctx *x, int start, int end, const char *code, tocsin_match how)
{
    mention *m = &x->m[x->nm++];
    memset(m, 0, sizeof *m);
    m->start = start;
    m->end = end;
    m->text_start = start;
    m->group = x->nm - 1;
    copy_str(m->code, sizeof m->code, code);
    m->match = how;
    return m;
}

/* Actor code of group g on the document date; "" when null-coded. */
static const char *actor_code_for(const sent_ctx *x, uint32_t aid)
{
    const actor_phrase *a = &VEC_AT(x->d->actors, actor_phrase, aid);
    return dict_actor_code(x->d, a->group, x->day);
}

typedef struct unit {
    int start, end;
    int kind;             /* 1 actor, 2 agent, 3 fuzzy person, 4 null actor */
    uint32_t id;
} unit;

/* PETRARCH-2 looks discard phrases up in the sentence split at blanks, so a word
 * with punctuation attached ("15 months ago, came") is not the phrase's word
 * ("MONTHS AGO"). Are tokens [i, e) each delimited by blanks (or the text's ends)? */
static int blank_delimited(const sent_ctx *x, int i, int e)
{
    const char *t = x->s->text;
    for (int q = i; q < e; q++) {
        const token *k = &x->s->tok[q];
        if (k->off > 0 && !isspace((unsigned char)t[k->off - 1])) return 0;
        size_t end = (size_t)k->off + k->len;
        if (end < x->s->len && !isspace((unsigned char)t[end])) return 0;
    }
    return 1;
}

discard_kind coder_discard_hit(const sent_ctx *x, int story_only)
{
    const tocsin_dict *d = x->d;
    if (!d->discards.n) return DISCARD_NONE;
    int petr = d->dialect >= DICT_PETR;
    for (int i = 0; i < x->n; i++) {
        const token *t = &x->s->tok[i];
        {
            uint32_t b = prefix_bit(dict_prefix_key(t->lower, x->tl[i]));
            if (!(d->discard_bits[b >> 6] & ((uint64_t)1 << (b & 63)))) continue;
        }
        uint32_t cnt;
        /* multiword discards are indexed by their first two words */
        if (i + 1 < x->n) {
            const uint32_t *pids = dict_index_get(&d->discard_idx, dict_pair_key(t->hash, x->s->tok[i + 1].hash), &cnt);
            for (uint32_t q = 0; q < cnt; q++) {
                const plain_phrase *p = &VEC_AT(d->discards, plain_phrase, pids[q]);
                if (story_only && !p->kind) continue;
                int e = coder_phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i);
                if (e >= 0 && (!petr || blank_delimited(x, i, e))) return p->kind ? DISCARD_STORY : DISCARD_SENTENCE;
            }
        }
        const uint32_t *ids = dict_index_get(&d->discard_idx, t->hash, &cnt);
        int k = 0;
        for (;;) {
            for (uint32_t q = 0; q < cnt; q++) {
                const plain_phrase *p = &VEC_AT(d->discards, plain_phrase, ids[q]);
                if (story_only && !p->kind) continue;
                int e = coder_phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i);
                if (e >= 0 && (!petr || blank_delimited(x, i, e))) return p->kind ? DISCARD_STORY : DISCARD_SENTENCE;
            }
            if (!d->stem_lens || !d->discard_stem_idx.mask) break;
            ids = coder_stem_probe(d, &d->discard_stem_idx, t, &k, &cnt);
            if (!ids) break;
        }
    }
    return 0;
}

void coder_find_issues(tocsin_coder *c, const sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    c->issues[0] = 0;
    if (!d->issues.n) return;
    size_t len = 0;
    for (int i = 0; i < x->n; i++) {
        uint32_t cnt;
        const uint32_t *ids = dict_index_get(&d->issue_idx, x->s->tok[i].hash, &cnt);
        for (uint32_t q = 0; q < cnt; q++) {
            const plain_phrase *p = &VEC_AT(d->issues, plain_phrase, ids[q]);
            if (coder_phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i) < 0) continue;
            if (p->kind) { c->issues[0] = 0; return; }   /* an ignore phrase cancels issue coding */
            const char *code = dict_str(d, p->code);
            /* dedupe */
            const char *hit = strstr(c->issues, code);
            size_t cl = strlen(code);
            if (hit && (hit[cl] == 0 || hit[cl] == ';') && (hit == c->issues || hit[-1] == ';')) continue;
            if (len + cl + 2 >= sizeof c->issues) continue;
            if (len) c->issues[len++] = ';';
            memcpy(c->issues + len, code, cl);
            len += cl;
            c->issues[len] = 0;
        }
    }
}

static void tabari_pronouns(sent_ctx *x);

/* Step 2: actors, agents, composition, compounds. */
/* "Young Algerians blocked roads": a capitalised plural whose singular is a
 * one-word actor ("ALGERIAN_") names that actor's people. TABARI matches words as
 * written (its stems are explicit), so only with other dictionaries. */
static int plural_actor(const sent_ctx *x, int i, uint32_t *aid)
{
    const tocsin_dict *d = x->d;
    const token *t = &x->s->tok[i];
    size_t len = x->tl[i];
    if (d->dialect == DICT_TABARI || !(t->flags & TOK_CAP) || len < 5 || t->lower[len - 1] != 's' || t->lower[len - 2] == 's')
        return 0;
    uint64_t h = util_hash_bytes(t->lower, len - 1);
    uint32_t cnt;
    const uint32_t *ids = dict_index_get(&d->actor_idx, h, &cnt);
    for (uint32_t q = 0; ids && q < cnt; q++) {
        const actor_phrase *ap = &VEC_AT(d->actors, actor_phrase, ids[q]);
        if (ap->nw != 1 || VEC_AT(d->words, dict_word, ap->w0).hash != h) continue;
        const char *code = actor_code_for(x, ids[q]);
        if (strlen(code) != 3 || !strcmp(code, "---")) continue;   /* a country's people */
        *aid = ids[q];
        return 1;
    }
    return 0;
}

/* Finds the dictionaries' actor and agent phrases, longest first, as units in u
 * (in token order); marks x->unit_agent. Returns the number of units. */
static int find_units(sent_ctx *x, unit *u)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    int nu = 0;
    for (int i = 0; i < n; i++) x->unit_agent[i] = -1;
    for (int i = 0; i < n;) {
        if (is_punct(x, i)) { i++; continue; }
        if (!d->short_stems) {   /* a stem shorter than the 4-byte prefix ("ENT": "Entian") passes */
            uint32_t b = prefix_bit(dict_prefix_key(x->s->tok[i].lower, x->tl[i]));
            if (!(d->start_bits[b >> 6] & ((uint64_t)1 << (b & 63)))) { i++; continue; }
        }
        uint32_t aid = 0, gid = 0;
        int ae = coder_longest_phrase(x, &d->actors, offsetof(actor_phrase, w0), offsetof(actor_phrase, nw),
                                &d->actor_idx, &d->actor_stem_idx, i, &aid);
        int ge = coder_longest_phrase(x, &d->agents, offsetof(agent_phrase, w0), offsetof(agent_phrase, nw),
                                &d->agent_idx, &d->agent_stem_idx, i, &gid);
        if (ae < 0 && ge < 0 && plural_actor(x, i, &aid)) ae = i + 1;
        /* TABARI: a phrase whose words lie far apart ("DURTHANG ORC": "Durthang
         * should be set up in areas not controlled by rebel Orc forces") names the
         * actor at its first word; the words between are the sentence's own */
        if (d->dialect == DICT_TABARI && ae > i && ae >= ge && ae - i > (int)VEC_AT(d->actors, actor_phrase, aid).nw + 3) ae = i + 1;
        if (ae < 0 && ge < 0) { i++; continue; }
        /* "US $50 million", "the Canadian dollar": a currency, not an actor */
        if (ae >= ge && ae < n && (tok_is(x, ae, "$") || tok_is(x, ae, "dollar") || tok_is(x, ae, "dollars"))) {
            i = ae;
            continue;
        }
        unit *un = &u[nu++];
        un->start = i;
        if (ae >= ge) {
            const char *code = actor_code_for(x, aid);
            un->end = ae;
            un->kind = (!code[0] || !strcmp(code, "---")) ? 4 : 1;
            un->id = aid;
        } else {
            un->end = ge;
            un->kind = 2;
            un->id = gid;
            for (int k = i; k < ge; k++) x->unit_agent[k] = (int)gid;
        }
        i = un->end;
    }
    return nu;
}

/* Adds a unit for each capitalised multiword run no dictionary phrase covered that
 * the guarded fuzzy match resolves to a known person. Returns the number of units. */
static int fuzzy_units(sent_ctx *x, unit *u, int nu)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    for (int i = 0; i < n; i++) {
        int covered = 0;
        for (int k = 0; k < nu; k++) if (i >= u[k].start && i < u[k].end) { covered = 1; break; }
        if (covered || !is_name_token(x, i)) continue;
        int j = i;
        while (j < n && j - i < 4 && is_name_token(x, j)) {
            int cov = 0;
            for (int k = 0; k < nu; k++) if (j >= u[k].start && j < u[k].end) { cov = 1; break; }
            if (cov) break;
            j++;
        }
        if (j - i >= 2) {
            long pid = coder_fuzzy_person(d, x->s, (size_t)i, (size_t)j, x->day);
            if (pid >= 0) {
                /* insert keeping order */
                int pos = nu;
                while (pos > 0 && u[pos - 1].start > i) { u[pos] = u[pos - 1]; pos--; }
                u[pos].start = i;
                u[pos].end = j;
                u[pos].kind = 3;
                u[pos].id = (uint32_t)pid;
                nu++;
            }
        }
        i = j;
    }
    return nu;
}

/* Composes actor unit k (with the agents after it, a title's name, a coded
 * compound "A/B", agents it distributes over) into mentions. Returns the last unit used. */
static int compose_actor(sent_ctx *x, const unit *u, int nu, int k, int former)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    const unit *un = &u[k];
        char code[40], base[40], kept[40];
        copy_str(code, sizeof code, actor_code_for(x, un->id));
        copy_str(base, sizeof base, code);
        copy_str(kept, sizeof kept, code);
        tocsin_match how = un->kind == 3 ? TOCSIN_MATCH_FUZZY : TOCSIN_MATCH_EXACT;
        int end = un->end, start = un->start, text_start = un->start;
        int had_agent = 0;
        const agent_phrase *last_ag = NULL;
        /* actor ['s] [modifiers] agent [agent...]: "Bree Prime Minister", "Ithilen's awful and evil minister" */
        while (k + 1 < nu && u[k + 1].kind == 2) {
            int gap = u[k + 1].start - end;
            int poss = gap > 0 && (x->s->tok[end].flags & TOK_POSS);
            int ok = gap <= 3 + poss;
            /* TABARI: an agent immediately after the actor (manual 5.4) */
            if (d->dialect == DICT_TABARI && gap > poss && !(gap == poss + 1 && (x->cls[u[k + 1].start - 1] & WC_FORMER))) ok = 0;
            for (int q = end + (poss ? 1 : 0); q < u[k + 1].start && ok; q++) {
                uint32_t cl = x->cls[q];
                if (is_punct(x, q) || x->verbish[q]) ok = 0;
                else if ((cl & WC_CONJ) && poss && tok_is(x, q, "and")) continue;
                /* "Arnor former security officials": "former" before the agent makes it ELI */
                else if (cl & WC_FORMER) former = 1;
                else if (cl & (WC_STOP | WC_PREP | WC_DET)) ok = 0;
            }
            if (!ok) break;
            /* a singular agent word right after a plural one is no head noun but
             * a complement: "holding three U.N. workers hostage" */
            if (d->dialect == DICT_CAMEO && had_agent && gap == 0 && plural_noun(x, end - 1) &&
                !plural_noun(x, u[k + 1].end - 1))
                break;
            const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
            /* CAMEO: one role per actor, the head noun's (the last of a stack);
             * a religion is no role and stays ("Muslim women" -> MUSCVL) */
            if (d->dialect == DICT_CAMEO) copy_str(code, sizeof code, kept);
            /* "Arnor former security officials": "former" right before the agent
             * makes it an elite too (TABARI manual 5.4.1) */
            int ag_former = former || (u[k + 1].start > end && (x->cls[u[k + 1].start - 1] & WC_FORMER));
            compose_code(code, sizeof code, ag_former ? "ELI" : ag->code, ag->prefix);
            if (d->dialect == DICT_CAMEO && religion_code(ag->code)) copy_str(kept, sizeof kept, code);
            end = u[k + 1].end;
            had_agent = 1;
            last_ag = ag;
            k++;
        }
        /* title + name: a known person right after the title keeps its own code
         * when it is more specific than the composed one */
        if (had_agent && k + 1 < nu && (u[k + 1].kind == 1 || u[k + 1].kind == 3) && u[k + 1].start == end) {
            const char *pc = actor_code_for(x, u[k + 1].id);
            if (pc[0] && strcmp(pc, "---") && strlen(pc) > 3) copy_str(code, sizeof code, pc);
            if (u[k + 1].kind == 3) how = TOCSIN_MATCH_FUZZY;
            end = u[k + 1].end;
            text_start = u[k + 1].start;
            k++;
        } else if (had_agent) {
            /* title + unknown name */
            int j = end;
            while (j < n && j - end < 3 && is_name_token(x, j)) j++;
            if (j > end) {
                /* "Press Secretary Jane Psaki": a garbled known name after the title */
                long pid = j - end >= 2 ? coder_fuzzy_person(d, x->s, (size_t)end, (size_t)j, x->day) : -1;
                if (pid >= 0) {
                    const char *pc = actor_code_for(x, (uint32_t)pid);
                    if (strlen(pc) > 3) copy_str(code, sizeof code, pc);
                    how = TOCSIN_MATCH_FUZZY;
                } else {
                    how = TOCSIN_MATCH_TITLE;
                }
                text_start = end;
                end = j;
            }
        }
        /* coded compounds "A/B" */
        char *slash = strchr(code, '/');
        int g = x->nm;
        /* UD-PETRARCH keeps a coded compound as one actor code ("FRO/BIL/SAM") */
        if (slash && d->dialect != DICT_PETR_NP) {
            char *p = code;
            for (;;) {
                char *sl = strchr(p, '/');
                if (sl) *sl = 0;
                mention *m = add_mention(x, start, end, p, how);
                m->group = g;
                m->text_start = text_start;
                copy_str(m->actor, sizeof m->actor, p);
                if (!sl) break;
                p = sl + 1;
            }
        } else {
            mention *m = add_mention(x, start, end, code, how);
            m->text_start = text_start;
            copy_str(m->actor, sizeof m->actor, base);
            if (last_ag && end == u[k].end) {
                m->agent = last_ag;
                m->agent_trailing = 1;
            }
        }
        /* "Danish media and government": the actor distributes over agents */
        while (had_agent && k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == end + 1 &&
               (x->cls[end] & WC_LISTSEP)) {
            const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
            char c2[40];
            copy_str(c2, sizeof c2, base);
            compose_code(c2, sizeof c2, ag->code, ag->prefix);
            mention *m = add_mention(x, u[k + 1].start, u[k + 1].end, c2, how);
            m->group = g;
            end = u[k + 1].end;
            k++;
        }
    return k;
}

/* Composes agent unit k (agent + actor, agent + of/in/from [the] [modifiers] +
 * actor, or an agent with no actor) into a mention. Returns the last unit used. */
static int compose_agent(sent_ctx *x, const unit *u, int nu, int k, int former)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    const unit *un = &u[k];
        const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, un->id);
        int j = un->end;
        int via = 0;
        /* stacked agents "government activists": take the last one too; with the
         * CAMEO conventions only the last, the head noun ("ethnic minority rebels"
         * are rebels) */
        const agent_phrase *ag2 = NULL;
        if (k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == j) { ag2 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id); j = u[k + 1].end; k++; }
        while (d->dialect == DICT_CAMEO && ag2 && k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == j) {
            ag2 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
            j = u[k + 1].end;
            k++;
        }
        if (d->dialect == DICT_CAMEO && ag2 && !religion_code(ag->code)) ag = ag2;   /* the same code twice composes once */
        /* "King Hassan of Morocco": the title's unknown name may stand before "of" */
        {
            int q = j;
            while (q < n && q - j < 3 && is_name_token(x, q)) q++;
            if (q > j && q < n && (tok_is(x, q, "of") || tok_is(x, q, "from"))) j = q;
        }
        /* "an Islamic State target southwest of Baghdad": plain nouns may stand between */
        {
            int q = j, fill = 0;
            while (q < n && fill < 2 && !is_punct(x, q) && !(x->cls[q] & (WC_STOP | WC_PREP)) && !x->verbish[q] &&
                   !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) && x->unit_agent[q] < 0)
                q++, fill++;
            if (fill && q < n && (tok_is(x, q, "of") || tok_is(x, q, "in"))) j = q;
        }
        /* "Panama recalled its ambassador from Cuba": an agent the subject owns
         * ("its", "their") is not the agent of the country after it (CAMEO conventions) */
        int owned = d->dialect == DICT_CAMEO && un->start > 0 &&
                    (tok_is(x, un->start - 1, "its") || tok_is(x, un->start - 1, "their") ||
                     tok_is(x, un->start - 1, "his") || tok_is(x, un->start - 1, "her"));
        if (!owned && j < n && (tok_is(x, j, "of") || tok_is(x, j, "in") || tok_is(x, j, "from"))) {
            via = 1;
            j++;
            if (j < n && (x->cls[j] & WC_DET)) j++;
            for (int q = 0; q < 2 && j < n && k + 1 < nu && u[k + 1].start > j; q++)
                if (!is_punct(x, j) && !(x->cls[j] & (WC_STOP | WC_PREP)) && !x->verbish[j] &&
                    !(x->s->tok[j].flags & TOK_CAP))
                    j++;
        }
        if (k + 1 < nu && (u[k + 1].kind == 1 || u[k + 1].kind == 3) && u[k + 1].start == j) {
            char code[40];
            copy_str(code, sizeof code, actor_code_for(x, u[k + 1].id));
            /* "President Peres": the person's own code wins when it is specific */
            int person = !via && VEC_AT(d->actors, actor_phrase, u[k + 1].id).person;
            if (!(person && strlen(code) > 3)) {
                if (ag2) compose_code(code, sizeof code, former ? "ELI" : ag2->code, ag2->prefix);
                compose_code(code, sizeof code, former ? "ELI" : ag->code, ag->prefix);
            }
            int start = un->start;
            int end = u[k + 1].end;
            int ts = via ? start : u[k + 1].start;
            int kind = u[k + 1].kind;
            k++;
            /* actor followed by more agents: "Gonzo GMO" */
            while (k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == end) {
                const agent_phrase *a3 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
                compose_code(code, sizeof code, a3->code, a3->prefix);
                end = u[k + 1].end;
                k++;
            }
            mention *m = add_mention(x, start, end, code, kind == 3 ? TOCSIN_MATCH_FUZZY : TOCSIN_MATCH_EXACT);
            m->text_start = ts;
            if (via) { m->agent = ag2 ? ag2 : ag; m->agent2 = ag2 ? ag : NULL; m->agent_leading = 1; }
        } else {
            /* an agent with no actor ("Congress", "rebels"): PETRARCH codes it with
             * an unknown country, "---LEG"; TABARI leaves the agent code as written,
             * its '~' marking where the missing actor would go ("~LEG", "NGO~") */
            char code[40] = "---";
            if (d->dialect == DICT_TABARI) copy_str(code, sizeof code, "~");
            const agent_phrase *last = ag2 ? ag2 : ag;
            if (ag2) compose_code(code, sizeof code, ag->code, ag->prefix);
            compose_code(code, sizeof code, last->code, last->prefix);
            mention *m = add_mention(x, un->start, j > un->end && !via ? j : (ag2 ? u[k].end : un->end), code,
                                     TOCSIN_MATCH_EXACT);
            m->lone = 1;
        }
    return k;
}

/* Whether token i is a noun for people who speak or act for an organisation
 * ("members", "leaders", "officials", "a spokesman"), manual §11.5b. */
static int for_actor_noun(const sent_ctx *x, int i)
{
    static const char *const nouns[] = { "members", "leaders", "leader", "officials", "representatives", "spokesman",
                                         "spokeswoman", "spokesperson", "delegates", "delegation", "envoys", "head" };
    for (size_t k = 0; k < sizeof nouns / sizeof nouns[0]; k++)
        if (tok_is(x, i, nouns[k])) return 1;
    return 0;
}

/* Marks each mention's relation to its neighbours: prepositional object (pp),
 * companion, place, possessor, appositive. */
static void mark_mention_roles(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    for (int k = 0; k < x->nm; k++) {
        mention *m = &x->m[k];
        int p = m->start - 1;
        while (p >= 0 && (x->cls[p] & WC_DET)) p--;
        if (p >= 0 && (x->cls[p] & WC_PREP) && !(x->cls[p] & WC_TO && 0)) m->pp = 1;
        /* "of southern Serbia", "against neighbouring Lebanon": a lower-case adjective
         * between the preposition and the actor */
        if (!m->pp && d->dialect != DICT_TABARI) {
            int q = p, adj = 0;
            while (q >= 0 && adj < 2 && x->ment_at[q] < 0 && !x->verbish[q] && !x->in_verb[q] &&
                   !(x->cls[q] & WC_STOP) && !is_punct(x, q) && !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) &&
                   x->tl[q] > 4) {
                const char *w = x->s->tok[q].lower;
                size_t l = x->tl[q];
                if (strcmp(w + l - 3, "ern") && strcmp(w + l - 3, "ing") && strcmp(w + l - 2, "ed")) break;
                q--, adj++;
            }
            while (adj && q >= 0 && (x->cls[q] & WC_DET)) q--;
            if (adj && q >= 0 && (x->cls[q] & WC_PREP)) m->pp = 1;
        }
        /* "Thousands of Iraqi Kurds demonstrated", "some of the Serbian forces": after
         * a quantity, "of" introduces the head of the phrase, not a modifier */
        if (m->pp && d->dialect != DICT_TABARI && p >= 1 && tok_is(x, p, "of") && x->ment_at[p - 1] < 0) {
            static const char *const qty[] = { "thousands", "hundreds", "dozens", "scores", "millions", "tens",
                                               "some", "many", "most", "all", "several", "both", "half", "third",
                                               "majority" };
            const token *q = &x->s->tok[p - 1];
            int quantity = (q->flags & TOK_NUM) != 0;
            for (size_t k = 0; k < sizeof qty / sizeof qty[0] && !quantity; k++) quantity = !strcmp(q->lower, qty[k]);
            if (quantity) m->pp = 0;
        }
        /* "members of Congress urged", "a spokesman for the City of London police said":
         * the people who speak and act for an organisation are that organisation as an
         * actor (manual §11.5b), not a modifier of it */
        if (m->pp && d->dialect == DICT_CAMEO && p >= 1 && (tok_is(x, p, "of") || tok_is(x, p, "for")) &&
            x->ment_at[p - 1] < 0 && for_actor_noun(x, p - 1))
            m->pp = 0;
        m->companion = tok_is(x, p, "alongside") ||
                       (tok_is(x, p, "with") && (tok_is(x, p - 1, "together") || tok_is(x, p - 1, "along")));
        /* "in southern Iraq", "near the Syrian border town of ..."  */
        {
            int q = m->start - 1, adj = 0;
            while (q >= 0 && adj < 3 && ((x->cls[q] & WC_DET) || (!(x->cls[q] & WC_STOP) && !is_punct(x, q) &&
                                                                  !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) &&
                                                                  !x->verbish[q] && x->ment_at[q] < 0)))
                q--, adj++;
            if (q >= 0 && (x->cls[q] & WC_LOC) && strlen(m->code) == 3 && !m->lone) m->place = m->pp = 1;
            /* "a target southwest of Baghdad", "30 km north of Kabul" */
            if (q >= 1 && tok_is(x, q, "of") && strlen(m->code) == 3 && !m->lone) {
                static const char *const dir[] = { "north", "south", "east", "west", "northeast", "northwest",
                                                   "southeast", "southwest", "outskirts" };
                for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
                    if (tok_is(x, q - 1, dir[k])) m->place = m->pp = 1;
            }
        }
        /* "Australia's strong dollar": the phrase is about the thing, not its owner */
        if (m->end + 1 < x->n && (x->s->tok[m->end].flags & TOK_POSS) && x->ment_at[m->end + 1] < 0 &&
            x->unit_agent[m->end + 1] < 0 && !(x->s->tok[m->end + 1].flags & (TOK_CAP | TOK_PUNCT | TOK_NUM)))
            m->possessor = 1;
        /* "X, the state's fiercest foe," style: preceded by ", the" */
        if (m->start >= 2 && (x->cls[m->start - 1] & WC_DET) && is_ch(x, m->start - 2, ',')) m->appositive = 1;
    }
}

/* Comma-delimited segments without a verb ("Gollum, centre of a row between
 * Radagast and Saruman, called ...") hold no subject: their mentions are appositives. */
static void comma_appositives(sent_ctx *x)
{
    int n = x->n;
    for (int i = 0; i < n; i++) {
        if (!is_ch(x, i, ',')) continue;
        int j = i + 1, verb = 0;
        while (j < n && !is_ch(x, j, ',') && !is_semicolon(x, j) && !(x->cls[j] & WC_CONJ)) {
            if (x->verbish[j] && x->ment_at[j] < 0 && !(x->s->tok[j - 1].flags & TOK_POSS) && !(x->cls[j - 1] & WC_DET))
                verb = 1;
            j++;
        }
        if (j < n && is_ch(x, j, ',') && !verb && j - i <= 12) {
            for (int k = 0; k < x->nm; k++)
                if (x->m[k].start > i && x->m[k].end <= j) x->m[k].appositive = 1;
        }
        i = j - 1;
    }
}

/* PETRARCH: conjoined noun phrases each naming its actor, "Ithilen's sheep and
 * goats of Gondor": the two actors are a compound. */
static void petr_possessive_compounds(sent_ctx *x)
{
    int n = x->n;
    for (int k = 0; k + 1 < x->nm; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (!a->possessor || a->group == b->group || b->start < a->end) continue;
        int i = a->end;
        if (i < n && (x->s->tok[i].flags & TOK_POSS)) i++;
        int ok = i + 4 == b->start && tok_is(x, i + 1, "and") && tok_is(x, i + 3, "of");
        for (int q = i; ok && q < b->start; q += 2)
            if (is_punct(x, q) || x->verbish[q] || (x->cls[q] & WC_STOP) || (x->s->tok[q].flags & (TOK_CAP | TOK_NUM)))
                ok = 0;
        if (!ok) continue;
        int bg = b->group;
        for (int q = k + 1; q < x->nm; q++) if (x->m[q].group == bg) x->m[q].group = a->group;
        a->possessor = 0;
        b->pp = a->pp;
    }
}

/* Groups compounds: mention (, mention)* and|or|nor mention, with determiners
 * and adjectives between (m->group is the first member's index). */
static void find_compounds(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    for (int k = 0; k + 1 < x->nm; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (b->group == a->group) continue;
        if (b->start < a->end) continue;
        int sep = 0, other = 0;
        for (int i = a->end; i < b->start; i++) {
            if (x->cls[i] & WC_LISTSEP) sep = 1;
            else if (is_ch(x, i, ',')) sep = sep ? sep : 2;
            else if (x->cls[i] & WC_DET) continue;
            /* verbs are not known yet: a word that can be one ("Scholz, visiting
             * refugees") keeps the two apart */
            else if (!is_punct(x, i) && !(x->cls[i] & (WC_STOP)) && !x->in_verb[i] && !x->verbish[i] &&
                     b->start - a->end <= 4)
                other++;
            else { sep = 0; other = 99; break; }
        }
        if (!sep || other > 2) continue;
        /* TABARI: "A, and B" is no list of two ("the Prince of Dol_Amroth, and
         * Elrond"): a comma comes only between items of a longer list */
        if (d->dialect == DICT_TABARI && sep == 1 && (k == 0 || x->m[k - 1].group != a->group)) {
            int comma = 0;
            for (int i = a->end; i < b->start; i++) if (is_ch(x, i, ',')) comma = 1;
            if (comma) continue;
        }
        /* "between A and B, and C and D": a list closed by its "and" takes no
         * further member after a comma (PETRARCH; TABARI reads one long list) */
        if (k > 0 && d->dialect != DICT_TABARI && x->m[k - 1].group == a->group && x->m[k - 1].end <= a->start) {
            int comma = 0, closed = 0;
            for (int i = a->end; i < b->start; i++) if (is_ch(x, i, ',')) comma = 1;
            for (int i = x->m[k - 1].end; i < a->start; i++) {
                if (is_ch(x, i, ',')) { closed = 0; break; }
                if (x->cls[i] & WC_LISTSEP) closed = 1;
            }
            if (comma && closed) continue;
        }
        if (sep == 2) {
            /* a comma only joins list items when an "and"/"or" follows the next one */
            int j = b->end;
            if (!(j < x->n && ((x->cls[j] & WC_LISTSEP) || is_ch(x, j, ',')) && j + 1 < x->n)) continue;
            int joined = 0;
            for (int q = k + 2; q < x->nm; q++) {
                if (x->m[q].start > b->end + 4) break;
                joined = 1;
            }
            if (!joined) continue;
        }
        int g = a->group, bg = b->group;   /* b's own group: b is renamed first */
        for (int q = k + 1; q < x->nm && x->m[q].group == bg; q++) x->m[q].group = g;
        b->group = g;
        b->pp = a->pp;
        b->appositive = a->appositive;
    }
}

/* CAMEO conventions: an international body's officials and leaders are the
 * body ("European Union leaders" -> IGOEUREEC: CAMEO has no IGO government
 * role); its staff (LAB), peacekeepers (MIL) and agencies keep their codes. */
static void igo_officials(sent_ctx *x)
{
    for (int k = 0; k < x->nm; k++) {
        char *cd = x->m[k].code;
        if (strncmp(cd, "IGO", 3)) continue;
        size_t l = strlen(cd);
        if (l > 6 && !strcmp(cd + l - 3, "GOV")) cd[l - 3] = 0;
    }
}

/* A countryless agent takes the country of the place the sentence is about when
 * that is the only country named (the rule and its CAMEO variant inside). */
static void lend_country(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    /* a countryless agent takes the country of the place the sentence is about when
     * that is the only country named ("opposition leaders postponed the
     * demonstration in Baku" -> AZEOPP). With the CAMEO conventions a human coder
     * does the same when the one country names a participant's own group
     * ("Iranian protesters demonstrated against the government" -> IRNOPP>IRNGOV:
     * domestic politics); a bare country ("Israel attacked militants") does not
     * say the agent is its own, so it lends its country only as a place. */
    {
        const char *only = NULL;
        int place = 0, many = 0, own = 0;
        for (int k = 0; k < x->nm && !many; k++) {
            const mention *m = &x->m[k];
            if (m->lone || strlen(m->code) < 3 || !isupper((unsigned char)m->code[0])) continue;
            /* with the CAMEO conventions an international body or a region named
             * beside the country ("began talks with the government and the United
             * Nations", "in the west of Africa's largest country") is nobody's
             * government or rebels: it does not make the country ambiguous */
            if (d->dialect == DICT_CAMEO && x->nm > 1 && coder_is_supranational(m->code)) continue;
            if (only && strncmp(only, m->code, 3)) many = 1;
            only = m->code;
            if (m->pp) place = 1;
            else if (strlen(m->code) > 3) own = 1;
        }
        if (only && !many && (place || (own && d->dialect == DICT_CAMEO)) && strncmp(only, "IGO", 3) &&
            strncmp(only, "NGO", 3)) {
            for (int k = 0; k < x->nm; k++) {
                mention *m = &x->m[k];
                if (!m->lone || strncmp(m->code, "---", 3)) continue;
                /* "Gunmen ambushed the convoy of an Iraqi politician": unidentified
                 * gunmen or criminals are nobody's, whatever country the story is in */
                if (d->dialect == DICT_CAMEO && (strstr(m->code + 3, "UAF") || strstr(m->code + 3, "CRM"))) continue;
                char code[40];
                memcpy(code, only, 3);
                copy_str(code + 3, sizeof code - 3, m->code + 3);
                copy_str(m->code, sizeof m->code, code);
                m->lone = 0;
            }
        }
    }
}

/* Agents distribute over compounds: "the ambassadors of A, B and C", "US and
 * British activists" (TABARI codes an agent with the one actor next to it only,
 * manual 5.4: not called with its rules). */
static void distribute_agents(sent_ctx *x)
{
    for (int k = 0; k < x->nm; k++) {
        const mention *src = &x->m[k];
        if (!src->agent || !(src->agent_leading || src->agent_trailing)) continue;
        for (int q = 0; q < x->nm; q++) {
            mention *o = &x->m[q];
            if (q == k || o->group != src->group || o->agent) continue;
            if (src->agent_leading && q < k) continue;
            if (src->agent_trailing && (q > k || o->end - o->start > 2)) continue;
            if (o->match == TOCSIN_MATCH_TITLE) continue;
            if (src->agent2) compose_code(o->code, sizeof o->code, src->agent2->code, src->agent2->prefix);
            compose_code(o->code, sizeof o->code, src->agent->code, src->agent->prefix);
            o->agent = src->agent;
        }
    }
}

/* "Lawmakers and officials in A and B": a countryless agent conjoined before an
 * "agent in/of ACTORS" phrase shares its actors (ALEG BLEG AGOV BGOV). */
static void share_agent_actors(sent_ctx *x)
{
    for (int k = 0, nm0 = x->nm; k < nm0; k++) {
        mention *l = &x->m[k];
        if (!l->lone || strncmp(l->code, "---", 3) || !l->code[3]) continue;
        int lead = -1;
        for (int q = k + 1; q < nm0 && lead < 0; q++)
            if (x->m[q].group == l->group && x->m[q].agent && x->m[q].agent_leading && !x->m[q].lone) lead = q;
        if (lead < 0) continue;
        char role[40];
        copy_str(role, sizeof role, l->code + 3);
        int first = 1;
        for (int q = lead; q < nm0; q++) {
            const mention *o = &x->m[q];
            if (o->group != l->group || o->lone || o->agent != x->m[lead].agent) continue;
            char base[40];
            copy_str(base, sizeof base, o->code);
            strip_agent(base, o->agent);
            strip_agent(base, x->m[lead].agent2);
            char code[40];
            copy_str(code, sizeof code, base);
            compose_code(code, sizeof code, role, 0);
            mention *m = l;
            if (!first) {
                if (x->nm >= x->n * 2 + 2) break;
                m = &x->m[x->nm++];
                *m = *l;
                l = &x->m[k];
            }
            copy_str(m->code, sizeof m->code, code);
            m->lone = 0;
            first = 0;
        }
    }
}

/* TABARI: every actor of a compound's noun phrase is a member (manual 7.5:
 * "the system will identify all of the actors in the sequence"): "Gondor and
 * Arnor's Elrond", "Calenardhon and the evil Arnor awful Gondor". */
static void tabari_np_compounds(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    for (int k = 1; k + 1 < x->nm; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (a->group == k || b->group == a->group || b->start < a->end || b->start - a->end > 2) continue;
        int ok = 1;
        for (int i = a->end; i < b->start && ok; i++)
            ok = (x->s->tok[i].flags & TOK_POSS) || (x->cls[i] & WC_DET) || coder_tabari_listed(x, &d->tabari_adjs, i);
        if (!ok) continue;
        int g = b->group;
        for (int q = k + 1; q < x->nm; q++) if (x->m[q].group == g) x->m[q].group = a->group;
    }
}

/* Step 2's driver: finds the sentence's actor mentions (x->m, x->nm, x->ment_at):
 * dictionary and fuzzy units, composed into mentions, their roles, compounds and
 * the agents' countries. */
void coder_find_actors(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    unit *u = util_arena_alloc(&x->c->a, sizeof(unit) * (size_t)(n + 1));
    int nu = find_units(x, u);
    nu = fuzzy_units(x, u, nu);
    /* compose units into mentions */
    x->m = util_arena_alloc(&x->c->a, sizeof(mention) * (size_t)(n * 2 + 2));
    x->nm = 0;
    for (int k = 0; k < nu; k++) {
        const unit *un = &u[k];
        if (un->kind == 4) continue;
        int former = un->start > 0 && (x->cls[un->start - 1] & WC_FORMER);
        if (un->kind == 1 || un->kind == 3) k = compose_actor(x, u, nu, k, former);
        else if (un->kind == 2) k = compose_agent(x, u, nu, k, former);
    }
    for (int i = 0; i < n; i++) x->ment_at[i] = -1;
    for (int k = 0; k < x->nm; k++)
        for (int i = x->m[k].start; i < x->m[k].end; i++) if (x->ment_at[i] < 0) x->ment_at[i] = k;
    mark_mention_roles(x);
    comma_appositives(x);
    if (d->dialect >= DICT_PETR) petr_possessive_compounds(x);
    find_compounds(x);
    if (d->dialect == DICT_CAMEO) igo_officials(x);
    lend_country(x);
    switch (d->dialect) {
    case DICT_TABARI:     /* an agent goes with the one actor next to it (manual 5.4) */
        tabari_np_compounds(x);
        tabari_pronouns(x);
        break;
    default:
        distribute_agents(x);
        share_agent_actors(x);
        break;
    }
}

/* TABARI's FORWARD (manual 8.4): a pronoun that opens a sentence, before any
 * actor, stands for the first actor of the story's previous sentence: the actor
 * itself, without the agents composed with it ("Fornost President Umbardacil
 * appealed ... He has also asked" -> FOR), and a pronoun that was coreferenced
 * there is no actor. Written to out; 0 when the sentence names no actor. */
int coder_tabari_forward_actor(const sent_ctx *x, char *out, size_t cap)
{
    for (int k = 0; k < x->nm; k++) {
        const mention *m = &x->m[k];
        if (m->match == TOCSIN_MATCH_PRONOUN || m->lone || !m->actor[0]) continue;
        copy_str(out, cap, m->actor);
        return 1;
    }
    return 0;
}

/* TABARI coreferences pronouns before coding (manual 7.7): HE, SHE, IT take the
 * first actor of the sentence; ITS, HIS, HER "the first actor prior to the
 * pronoun", which TABARI's validation records read as the first actor of the
 * sentence too ("Arnor suggested Gondor should apply Geneva conventions in its
 * dealings with Rohan" -> ARN>ROH); THEY, THEM, THEIR the first compound
 * actor, else the first actor. The
 * pronoun then is an actor like any other (patterns' $ and + match it, and it
 * can be a source or a target). Only antecedents before the pronoun count. */
static void tabari_pronouns(sent_ctx *x)
{
    static const struct { const char *w; char kind; } prons[] = {
        {"he", 'f'}, {"she", 'f'}, {"it", 'f'}, {"its", 'f'}, {"his", 'f'}, {"her", 'f'},
        {"they", 'c'}, {"them", 'c'}, {"their", 'c'},
    };
    int n = x->n, nm = x->nm, extra = 0;
    if (!nm) return;
    int *ref = util_arena_alloc(&x->c->a, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        ref[i] = -1;
        if (x->ment_at[i] >= 0) continue;
        char kind = 0;
        for (size_t q = 0; q < sizeof prons / sizeof prons[0] && !kind; q++)
            if (!strcmp(x->s->tok[i].lower, prons[q].w)) kind = prons[q].kind;
        if (!kind) continue;
        int r = -1;
        for (int k = 0; k < nm && x->m[k].end <= i; k++) {
            if (!x->m[k].code[0]) continue;
            if (kind == 'f') { r = k; break; }
            if (kind == 'c') {
                if (r < 0) r = k;
                if (coder_group_size(x, x->m[k].group) > 1) { r = x->m[k].group; break; }
            }
        }
        if (r < 0) continue;
        ref[i] = r;
        extra += kind == 'c' ? coder_group_size(x, x->m[r].group) : 1;
    }
    if (!extra) return;
    mention *m = util_arena_alloc(&x->c->a, sizeof(mention) * (size_t)(nm + extra + 1));
    int *newidx = util_arena_alloc(&x->c->a, sizeof(int) * (size_t)(nm + 1));
    int k = 0, o = 0;
    for (int i = 0; i <= n; i++) {
        while (k < nm && (i == n || x->m[k].start <= i) ) {
            newidx[k] = o;
            m[o++] = x->m[k++];
        }
        if (i == n || ref[i] < 0) continue;
        const mention *r = &x->m[ref[i]];
        int many = !strcmp(x->s->tok[i].lower, "they") || !strcmp(x->s->tok[i].lower, "them") ||
                   !strcmp(x->s->tok[i].lower, "their");
        int first = o;
        for (int q = 0; q < nm; q++) {
            if (many ? x->m[q].group != r->group : q != ref[i]) continue;
            mention *p = &m[o++];
            *p = x->m[q];
            p->start = p->text_start = i;
            p->end = i + 1;
            p->group = -1 - first;   /* remapped below */
            p->match = TOCSIN_MATCH_PRONOUN;
            p->pp = i > 0 && (x->cls[i - 1] & WC_PREP);
            p->appositive = p->possessor = p->place = p->companion = 0;
        }
    }
    for (int q = 0; q < o; q++)
        m[q].group = m[q].group < 0 ? -1 - m[q].group : newidx[m[q].group];
    x->m = m;
    x->nm = o;
    for (int i = 0; i < n; i++) x->ment_at[i] = -1;
    for (int q = 0; q < o; q++)
        for (int i = m[q].start; i < m[q].end; i++) if (x->ment_at[i] < 0) x->ment_at[i] = q;
}
