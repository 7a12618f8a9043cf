// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-patch - rewrite the sensitive instructions of an ARM ELF guest
 * image into the paravirtual SVC encodings umbra emulates
 * (include/uapi/linux/umbra_hypercall.h, Documentation/umbra-patch.rst).
 *
 * The ELF mapping symbols ($a, $t, $d; ARM ELF ABI, "Mapping symbols")
 * tell ARM code from Thumb code and data in executable sections: ARM
 * words are decoded and the sensitive ones rewritten, Thumb code is only
 * scanned (a Thumb SVC has 8 bits of immediate: nothing fits), data is
 * never touched. libelf parses the file; the output is the input with
 * the patched words replaced in place, so nothing else moves.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/umbra_hypercall.h>

#define NCLASS	16

struct map_sym {
	uint64_t off;		/* offset in the section */
	char kind;		/* 'a', 't', 'd' */
};

struct result {
	bool sensitive;
	bool patchable;
	uint32_t imm24;		/* SVC immediate when patchable */
	bool uncond;		/* original is unconditional: SVC gets AL */
	char text[160];	/* disassembly-ish */
	const char *why;	/* when not patchable */
};

static struct {
	bool dry_run, allow, quiet;
	unsigned long patched[NCLASS], unpatched, thumb_unpatched, unscanned;
} opt;

static const char *const cond_names[16] = {
	"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
	"hi", "ls", "ge", "lt", "gt", "le", "", "",
};

static const char *const dp_names[16] = {
	"and", "eor", "sub", "rsb", "add", "adc", "sbc", "rsc",
	"tst", "teq", "cmp", "cmn", "orr", "mov", "bic", "mvn",
};

static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };

static const char *reg_name(unsigned int r)
{
	static const char *const names[16] = {
		"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
		"r8", "r9", "r10", "fp", "ip", "sp", "lr", "pc",
	};
	return names[r & 15];
}

static void reg_list(char *buf, size_t len, uint32_t list)
{
	size_t n = 0;
	int i;

	n += snprintf(buf + n, len - n, "{");
	for (i = 0; i < 16; i++)
		if (list & (1u << i))
			n += snprintf(buf + n, len - n, "%s%s",
				      n > 1 ? ", " : "", reg_name(i));
	snprintf(buf + n, len - n, "}");
}

static void psr_mask(char *buf, uint32_t mask)
{
	int n = 0;

	if (mask & 8)
		buf[n++] = 'f';
	if (mask & 4)
		buf[n++] = 's';
	if (mask & 2)
		buf[n++] = 'x';
	if (mask & 1)
		buf[n++] = 'c';
	buf[n] = 0;
}

static uint32_t expand_imm(uint32_t imm12)
{
	uint32_t v = imm12 & 0xff, rot = 2 * ((imm12 >> 8) & 15);

	return rot ? (v >> rot) | (v << (32 - rot)) : v;
}

static const char *am_name(bool p, bool u)
{
	return p ? (u ? "ib" : "db") : (u ? "ia" : "da");
}

/* MSR writes that behave differently at PL0: SPSR, or the x/c bytes */
static bool msr_sensitive(bool r, uint32_t mask)
{
	return r || (mask & 3);
}

/* Classify one ARM word (ARM ARM A5, B9.3). */
static void decode_arm(uint32_t w, struct result *res)
{
	uint32_t cond = w >> 28, rn = (w >> 16) & 15, p;
	const char *c = cond_names[cond];
	bool r = w & (1u << 22);
	char list[96], m[8];

	memset(res, 0, sizeof(*res));
	if ((w & 0xfff1fe20) == 0xf1000000) {		/* CPS */
		uint32_t imod = (w >> 18) & 3;

		res->sensitive = res->patchable = res->uncond = true;
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_CPS, w & 0xfffff);
		char mode[8] = "";

		if (w & (1u << 17))
			snprintf(mode, sizeof(mode), "%s#%u",
				 (w & 0x1c0) ? ", " : "", w & 0x1f);
		snprintf(res->text, sizeof(res->text), "cps%s %s%s%s%s",
			 imod == 2 ? "ie" : imod == 3 ? "id" : "",
			 w & 0x100 ? "a" : "", w & 0x80 ? "i" : "",
			 w & 0x40 ? "f" : "", mode);
		return;
	}
	if ((w & 0xfe50ffff) == 0xf8100a00) {		/* RFE */
		res->sensitive = res->patchable = res->uncond = true;
		p = UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_P, w >> 24) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_U, w >> 23) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_W, w >> 21) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_RN, rn);
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_RFE_SRS, p);
		snprintf(res->text, sizeof(res->text), "rfe%s %s%s",
			 am_name(w & (1u << 24), w & (1u << 23)), reg_name(rn),
			 w & (1u << 21) ? "!" : "");
		return;
	}
	if ((w & 0xfe5fffe0) == 0xf84d0500) {		/* SRS */
		res->sensitive = res->patchable = res->uncond = true;
		p = UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_SRS, 1) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_P, w >> 24) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_U, w >> 23) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_W, w >> 21) |
		    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_MODE, w);
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_RFE_SRS, p);
		snprintf(res->text, sizeof(res->text), "srs%s sp%s, #%u",
			 am_name(w & (1u << 24), w & (1u << 23)),
			 w & (1u << 21) ? "!" : "", w & 0x1f);
		return;
	}
	if (cond == 15)
		return;
	if ((w & 0x0fbf0fff) == 0x010f0000) {		/* MRS */
		uint32_t rd = (w >> 12) & 15;

		res->sensitive = res->patchable = true;
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_MRS_MSR,
					   UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_R, r) |
					   UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_REG, rd));
		snprintf(res->text, sizeof(res->text), "mrs%s %s, %s", c,
			 reg_name(rd), r ? "spsr" : "cpsr");
		return;
	}
	if ((w & 0x0fb0fff0) == 0x0120f000) {		/* MSR (register) */
		uint32_t mask = (w >> 16) & 15, rm = w & 15;

		if (!msr_sensitive(r, mask))
			return;
		res->sensitive = res->patchable = true;
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_MRS_MSR,
			UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_MSR, 1) |
			UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_R, r) |
			UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_MASK, mask) |
			UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_REG, rm));
		psr_mask(m, mask);
		snprintf(res->text, sizeof(res->text), "msr%s %s_%s, %s", c,
			 r ? "spsr" : "cpsr", m, reg_name(rm));
		return;
	}
	/* WFI, WFE: no trap at PL0 (B1.14.8), svc #2 / #3 (class 0) */
	if ((w & 0x0ffffffe) == 0x0320f002 && cond != 0xf) {
		bool wfi = w & 1;

		res->sensitive = res->patchable = true;
		res->imm24 = wfi ? UMBRA_SVC_WFI : UMBRA_SVC_WFE;
		snprintf(res->text, sizeof(res->text), "%s%s",
			 wfi ? "wfi" : "wfe", c);
		return;
	}
	if ((w & 0x0fb0f000) == 0x0320f000) {		/* MSR (immediate) */
		uint32_t mask = (w >> 16) & 15;

		if (!msr_sensitive(r, mask))		/* also the hints */
			return;
		res->sensitive = res->patchable = true;
		res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_MSR_IMM,
			UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_R, r) |
			UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_MASK, mask) |
			UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_IMM12, w));
		psr_mask(m, mask);
		snprintf(res->text, sizeof(res->text), "msr%s %s_%s, #0x%x", c,
			 r ? "spsr" : "cpsr", m, expand_imm(w & 0xfff));
		return;
	}
	/* <op>S PC, ...: data-processing with S and Rd = PC, not TST-CMN */
	if ((w & 0x0c10f000) == 0x0010f000 &&
	    (((w >> 21) & 15) < 8 || ((w >> 21) & 15) > 11)) {
		uint32_t op = (w >> 21) & 15;
		bool mov = op == 13 || op == 15;
		char src[32] = "";

		if (!mov)
			snprintf(src, sizeof(src), "%s, ", reg_name(rn));
		res->sensitive = true;
		p = UMBRA_SVC_PUT(UMBRA_PV_DP_OPCODE, op) |
		    UMBRA_SVC_PUT(UMBRA_PV_DP_RN, rn) |
		    UMBRA_SVC_PUT(UMBRA_PV_DP_OPERAND, w);
		if (w & (1u << 25)) {
			res->patchable = true;
			res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_DP_PC_IMM, p);
			snprintf(res->text, sizeof(res->text),
				 "%ss%s pc, %s#%u", dp_names[op], c, src,
				 expand_imm(w & 0xfff));
		} else if (!(w & 0x10)) {
			uint32_t imm5 = (w >> 7) & 31, type = (w >> 5) & 3;
			char sh[24] = "";

			if (type == 3 && !imm5)
				snprintf(sh, sizeof(sh), ", rrx");
			else if (imm5 || type)
				snprintf(sh, sizeof(sh), ", %s #%u",
					 shift_names[type],
					 imm5 ? imm5 : 32);
			res->patchable = true;
			res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_DP_PC_REG, p);
			snprintf(res->text, sizeof(res->text),
				 "%ss%s pc, %s%s%s", dp_names[op], c, src,
				 reg_name(w & 15), sh);
		} else if (!(w & 0x80)) {
			res->why = "register-shifted register to PC";
			snprintf(res->text, sizeof(res->text),
				 "%ss%s pc, %s%s, %s %s", dp_names[op], c, src,
				 reg_name(w & 15), shift_names[(w >> 5) & 3],
				 reg_name(w >> 8));
		} else {
			res->sensitive = false;	/* multiply, extra ld/st */
		}
		return;
	}
	if ((w & 0x0e400000) == 0x08400000) {		/* LDM/STM ^ */
		bool pre = w & (1u << 24), up = w & (1u << 23);
		bool wb = w & (1u << 21), load = w & (1u << 20);
		uint32_t regs = w & 0xffff;

		res->sensitive = true;
		reg_list(list, sizeof(list), regs);
		snprintf(res->text, sizeof(res->text), "%s%s%s %s%s, %s^",
			 load ? "ldm" : "stm", am_name(pre, up), c,
			 reg_name(rn), wb ? "!" : "", list);
		if (load && (regs & 0x8000)) {
			res->patchable = true;
			res->imm24 = UMBRA_SVC_IMM(UMBRA_SVC_LDM_ERET |
				(pre ? UMBRA_PV_LDM_ERET_CLASS_P : 0) |
				(up ? UMBRA_PV_LDM_ERET_CLASS_U : 0),
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_W, wb) |
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_RN, rn) |
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_LIST, regs));
		} else if (!load && (regs & 0x8000)) {
			res->why = "STM of User registers with PC";
		} else if (wb) {
			res->why = "writeback with User registers";
		} else {
			res->patchable = true;
			res->imm24 = UMBRA_SVC_IMM((load ? UMBRA_SVC_LDM_USER :
						    UMBRA_SVC_STM_USER) |
				(pre ? UMBRA_PV_LDSTM_CLASS_P : 0),
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_U, up) |
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_RN, rn) |
				UMBRA_SVC_PUT(UMBRA_PV_LDSTM_LIST, regs));
		}
		return;
	}
	/* LDRT, STRT, LDRBT, STRBT (P = 0, W = 1), not media */
	if ((w & 0x0d200000) == 0x04200000 &&
	    (w & 0x0e000010) != 0x06000010) {
		res->sensitive = true;
		res->why = "unprivileged load/store (LDRT family)";
		snprintf(res->text, sizeof(res->text), "%s%st%s",
			 w & (1u << 20) ? "ldr" : "str",
			 w & (1u << 22) ? "b" : "", c);
		return;
	}
	/* LDRHT, STRHT, LDRSBT, LDRSHT */
	if ((w & 0x0f200090) == 0x00200090 && (w & 0x60)) {
		res->sensitive = true;
		res->why = "unprivileged load/store (LDRT family)";
		snprintf(res->text, sizeof(res->text), "%s%st%s",
			 w & (1u << 20) ? "ldr" : "str",
			 (w & 0x60) == 0x20 ? "h" : (w & 0x60) == 0x40 ?
			 "sb" : "sh", c);
		return;
	}
	if ((w & 0x0f000000) == 0x0f000000 &&
	    UMBRA_SVC_CLASS(w & 0xffffff)) {		/* SVC */
		res->sensitive = true;
		res->why = "SVC immediate of a patched class";
		snprintf(res->text, sizeof(res->text), "svc%s 0x%06x", c,
			 w & 0xffffff);
	}
}

/*
 * Sensitive Thumb instructions (A6.2, A6.3, B9.3): 16-bit at @h1 alone,
 * 32-bit with @h2. Return: a description, or NULL.
 */
static const char *decode_thumb(uint16_t h1, uint16_t h2, bool wide)
{
	if (!wide)
		return (h1 & 0xffe8) == 0xb660 ? "cps" : NULL;
	if ((h1 & 0xffe0) == 0xf3e0 && (h2 & 0xd000) == 0x8000 &&
	    !(h2 & 0x20))
		return "mrs";
	if ((h1 & 0xffe0) == 0xf380 && (h2 & 0xd000) == 0x8000 &&
	    !(h2 & 0x20) && msr_sensitive(h1 & 0x10, (h2 >> 8) & 15))
		return "msr";
	if (h1 == 0xf3af && (h2 & 0xd000) == 0x8000 && (h2 & 0x0700))
		return "cps";
	if (h1 == 0xf3de && (h2 & 0xff00) == 0x8f00)
		return "subs pc, lr";
	if ((h1 & 0xffd0) == 0xe810 || (h1 & 0xffd0) == 0xe990)
		return (h2 & 0xffff) == 0xc000 ? "rfe" : NULL;
	if (((h1 & 0xffdf) == 0xe80d || (h1 & 0xffdf) == 0xe98d) &&
	    (h2 & 0xffe0) == 0xc000)
		return "srs";
	/* LDRT/STRT T1 family: 1111 100S 0ssL Rn | Rt 1110 imm8 */
	if ((h1 & 0xfe80) == 0xf800 && (h1 & 0x60) != 0x60 &&
	    (h1 & 0xf) != 0xf && (h2 & 0x0f00) == 0x0e00)
		return "unprivileged load/store (LDRT family)";
	return NULL;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void scan_arm(unsigned char *data, uint64_t from, uint64_t to,
		     uint64_t addr)
{
	uint64_t off;

	for (off = (from + 3) & ~3ull; off + 4 <= to; off += 4) {
		uint32_t w = get32(data + off), nw;
		struct result res;

		decode_arm(w, &res);
		if (!res.sensitive)
			continue;
		if (!res.patchable) {
			opt.unpatched++;
			printf("0x%08llx: %08x  UNPATCHABLE  %-28s (%s)\n",
			       (unsigned long long)(addr + off), w, res.text,
			       res.why);
			continue;
		}
		nw = ((res.uncond ? 0xeu : w >> 28) << 28) | 0x0f000000 |
		     res.imm24;
		opt.patched[UMBRA_SVC_CLASS(res.imm24)]++;
		put32(data + off, nw);
		if (!opt.quiet)
			printf("0x%08llx: %08x -> %08x  %-28s class %u\n",
			       (unsigned long long)(addr + off), w, nw,
			       res.text, UMBRA_SVC_CLASS(res.imm24));
	}
}

static void scan_thumb(const unsigned char *data, uint64_t from,
		       uint64_t to, uint64_t addr)
{
	uint64_t off = (from + 1) & ~1ull;

	while (off + 2 <= to) {
		uint16_t h1 = data[off] | data[off + 1] << 8, h2 = 0;
		bool wide = (h1 >> 11) >= 0x1d;
		const char *what;

		if (wide && off + 4 > to)
			break;
		if (wide)
			h2 = data[off + 2] | data[off + 3] << 8;
		what = decode_thumb(h1, h2, wide);
		if (what) {
			opt.thumb_unpatched++;
			opt.unpatched++;
			if (wide)
				printf("0x%08llx: %04x %04x  UNPATCHABLE  Thumb %s\n",
				       (unsigned long long)(addr + off), h1, h2,
				       what);
			else
				printf("0x%08llx: %04x  UNPATCHABLE  Thumb %s\n",
				       (unsigned long long)(addr + off), h1,
				       what);
		}
		off += wide ? 4 : 2;
	}
}

static int cmp_sym(const void *a, const void *b)
{
	const struct map_sym *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Mapping symbols of section @shndx, sorted; returns their count. */
static size_t mapping_symbols(Elf *elf, size_t shndx, uint64_t base,
			      struct map_sym **out)
{
	Elf_Scn *scn = NULL;
	struct map_sym *v = NULL;
	size_t n = 0;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t i;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, i, &s) || s.st_shndx != shndx)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name || name[0] != '$' || !strchr("atd", name[1]) ||
			    (name[2] && name[2] != '.'))
				continue;
			v = realloc(v, (n + 1) * sizeof(*v));
			if (!v) {
				perror("umbra-patch");
				exit(2);
			}
			v[n].off = s.st_value - base;
			v[n].kind = name[1];
			n++;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_sym);
	*out = v;
	return n;
}

static int patch_image(unsigned char *buf, size_t size, const char *name)
{
	Elf *elf = elf_memory((char *)buf, size);
	GElf_Ehdr eh;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	unsigned int i;

	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_ARM ||
	    elf_getshdrstrndx(elf, &shstrndx)) {
		fprintf(stderr, "umbra-patch: %s: not a little-endian 32-bit ARM ELF file\n",
			name);
		return -1;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		size_t idx = elf_ndxscn(scn), n, k;
		struct map_sym *syms;
		uint64_t base;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		if (sh.sh_offset + sh.sh_size > size) {
			fprintf(stderr, "umbra-patch: %s: section %zu beyond the file\n",
				name, idx);
			return -1;
		}
		base = eh.e_type == ET_REL ? 0 : sh.sh_addr;
		n = mapping_symbols(elf, idx, base, &syms);
		if (!n) {
			/* a stripped image: code cannot be told from data */
			fprintf(stderr, "umbra-patch: %s: section %s has no mapping symbols ($a/$t/$d), not scanned\n",
				name, elf_strptr(elf, shstrndx, sh.sh_name));
			opt.unscanned++;
		}
		for (k = 0; k < n; k++) {
			uint64_t from = syms[k].off;
			uint64_t to = k + 1 < n ? syms[k + 1].off : sh.sh_size;

			if (to > sh.sh_size)
				to = sh.sh_size;
			if (from >= to)
				continue;
			if (syms[k].kind == 'a')
				scan_arm(buf + sh.sh_offset, from, to,
					 sh.sh_addr);
			else if (syms[k].kind == 't')
				scan_thumb(buf + sh.sh_offset, from, to,
					   sh.sh_addr);
		}
		free(syms);
	}
	elf_end(elf);
	{
		unsigned long total = 0;

		for (i = 0; i < NCLASS; i++)
			total += opt.patched[i];
		printf("umbra-patch: %s: %lu patched", name, total);
		for (i = 0; i < NCLASS; i++)
			if (opt.patched[i])
				printf(", class %u: %lu", i, opt.patched[i]);
		printf("; %lu unpatchable (%lu Thumb)\n", opt.unpatched,
		       opt.thumb_unpatched);
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: umbra-patch [OPTIONS] IN.elf [OUT.elf]\n"
		"Rewrite the sensitive ARM instructions of an umbra guest kernel image\n"
		"(CPS, MRS/MSR of CPSR/SPSR, exception returns, RFE, SRS, LDM/STM of\n"
		"User registers) into the SVC encodings umbra emulates, and report\n"
		"them: address, old word, new word, instruction, class.\n"
		"\n"
		"  -n, --dry-run          report only, write nothing (no OUT)\n"
		"      --allow-unpatched  write OUT and exit 0 even if sensitive\n"
		"                         instructions that cannot be patched remain\n"
		"  -q, --quiet            list only the unpatchable instructions\n"
		"  -h, --help             this text\n"
		"\n"
		"Exit status: 0 done; 1 unpatchable instructions found, or an\n"
		"executable section without mapping symbols (stripped) that could\n"
		"not be scanned (OUT not written) unless --allow-unpatched; 2 usage\n"
		"or file error.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "allow-unpatched", no_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *in, *out;
	unsigned char *buf;
	struct stat st;
	int c, fd;

	while ((c = getopt_long(argc, argv, "nqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			opt.dry_run = true;
			break;
		case 'A':
			opt.allow = true;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != (opt.dry_run ? 1 : 2)) {
		usage(stderr);
		return 2;
	}
	in = argv[optind];
	out = opt.dry_run ? NULL : argv[optind + 1];
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "umbra-patch: libelf: %s\n", elf_errmsg(-1));
		return 2;
	}
	fd = open(in, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(in);
		return 2;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		perror(in);
		return 2;
	}
	close(fd);
	if (patch_image(buf, st.st_size, in))
		return 2;
	if (opt.unscanned && !opt.allow) {
		fprintf(stderr, "umbra-patch: %s: %lu executable sections not scanned%s\n",
			in, opt.unscanned,
			out ? " (output not written; see --allow-unpatched)" :
			"");
		return 1;
	}
	if (opt.unpatched && !opt.allow) {
		fprintf(stderr, "umbra-patch: %s: %lu sensitive instructions cannot be patched%s\n",
			in, opt.unpatched,
			out ? " (output not written; see --allow-unpatched)" :
			"");
		return 1;
	}
	if (out) {
		FILE *f = fopen(out, "wb");

		if (!f || fwrite(buf, 1, st.st_size, f) != (size_t)st.st_size ||
		    fclose(f)) {
			perror(out);
			unlink(out);
			return 2;
		}
		chmod(out, st.st_mode & 0777);
	}
	free(buf);
	return 0;
}
