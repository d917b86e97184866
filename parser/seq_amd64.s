//go:build amd64 && !purego

#include "textflag.h"

// Kernels for runs of numbers (see seq_amd64.go): sequence sets
// (seqCheckAVX2, seqDecodeAVX2) and SEARCH/SORT data (searchCheckAVX2,
// numDecodeAVX2). Each reads its run 64 octets (a window) at a time: two
// 32-octet loads, compares against ",", ":" or SP, "0" and the digit
// range, and VPMOVMSKB turn each class into a 64-bit mask, bit i for
// octet i of the window. The rules are then checked on the masks with a
// few scalar instructions a window, with no loop over the octets; only the
// decoders loop, once a number, and convert eight numbers at a time.

// seqConsts: the broadcast constants and the lane-mask table.
//   0: ","        32: ":"        64: "0"
//  96: 0x50, which takes "0".."9" to 0x80..0x89, the lowest signed octets
// 128: 0x8a, above those (signed) and at or below every other octet + 0x50
// 160: octet weights 10, 1   192: word weights 100, 1   224: 10000, 1
// 256: eight dwords of -1, then eight of 0: the 32 octets at 288-4k are
//      the mask of the first k lanes (VPMASKMOVD).
// 320: unused (zero)
// 400: 0x8b, above "0" to ":" + 0x50 (signed) and at or below the rest
// 432: 129 words, the k-th keeping the top k-1 octets for k = 2 to 9 (the
//      digits of a number that ends k octets after the separator before
//      it) and none for the other k: an empty number or one of nine digits
//      or more reads as 0
// 1464: SP
DATA seqConsts<>+0(SB)/8, $0x2c2c2c2c2c2c2c2c
DATA seqConsts<>+8(SB)/8, $0x2c2c2c2c2c2c2c2c
DATA seqConsts<>+16(SB)/8, $0x2c2c2c2c2c2c2c2c
DATA seqConsts<>+24(SB)/8, $0x2c2c2c2c2c2c2c2c
DATA seqConsts<>+32(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA seqConsts<>+40(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA seqConsts<>+48(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA seqConsts<>+56(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA seqConsts<>+64(SB)/8, $0x3030303030303030
DATA seqConsts<>+72(SB)/8, $0x3030303030303030
DATA seqConsts<>+80(SB)/8, $0x3030303030303030
DATA seqConsts<>+88(SB)/8, $0x3030303030303030
DATA seqConsts<>+96(SB)/8, $0x5050505050505050
DATA seqConsts<>+104(SB)/8, $0x5050505050505050
DATA seqConsts<>+112(SB)/8, $0x5050505050505050
DATA seqConsts<>+120(SB)/8, $0x5050505050505050
DATA seqConsts<>+128(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA seqConsts<>+136(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA seqConsts<>+144(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA seqConsts<>+152(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA seqConsts<>+160(SB)/8, $0x010a010a010a010a
DATA seqConsts<>+168(SB)/8, $0x010a010a010a010a
DATA seqConsts<>+176(SB)/8, $0x010a010a010a010a
DATA seqConsts<>+184(SB)/8, $0x010a010a010a010a
DATA seqConsts<>+192(SB)/8, $0x0001006400010064
DATA seqConsts<>+200(SB)/8, $0x0001006400010064
DATA seqConsts<>+208(SB)/8, $0x0001006400010064
DATA seqConsts<>+216(SB)/8, $0x0001006400010064
DATA seqConsts<>+224(SB)/8, $0x0001271000012710
DATA seqConsts<>+232(SB)/8, $0x0001271000012710
DATA seqConsts<>+240(SB)/8, $0x0001271000012710
DATA seqConsts<>+248(SB)/8, $0x0001271000012710
DATA seqConsts<>+256(SB)/8, $-1
DATA seqConsts<>+264(SB)/8, $-1
DATA seqConsts<>+272(SB)/8, $-1
DATA seqConsts<>+280(SB)/8, $-1
DATA seqConsts<>+288(SB)/8, $0
DATA seqConsts<>+296(SB)/8, $0
DATA seqConsts<>+304(SB)/8, $0
DATA seqConsts<>+312(SB)/8, $0
DATA seqConsts<>+400(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA seqConsts<>+408(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA seqConsts<>+416(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA seqConsts<>+424(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA seqConsts<>+432(SB)/8, $0x0000000000000000
DATA seqConsts<>+440(SB)/8, $0x0000000000000000
DATA seqConsts<>+448(SB)/8, $0xff00000000000000
DATA seqConsts<>+456(SB)/8, $0xffff000000000000
DATA seqConsts<>+464(SB)/8, $0xffffff0000000000
DATA seqConsts<>+472(SB)/8, $0xffffffff00000000
DATA seqConsts<>+480(SB)/8, $0xffffffffff000000
DATA seqConsts<>+488(SB)/8, $0xffffffffffff0000
DATA seqConsts<>+496(SB)/8, $0xffffffffffffff00
DATA seqConsts<>+504(SB)/8, $0xffffffffffffffff
DATA seqConsts<>+512(SB)/8, $0x0000000000000000
DATA seqConsts<>+520(SB)/8, $0x0000000000000000
DATA seqConsts<>+528(SB)/8, $0x0000000000000000
DATA seqConsts<>+536(SB)/8, $0x0000000000000000
DATA seqConsts<>+544(SB)/8, $0x0000000000000000
DATA seqConsts<>+552(SB)/8, $0x0000000000000000
DATA seqConsts<>+560(SB)/8, $0x0000000000000000
DATA seqConsts<>+568(SB)/8, $0x0000000000000000
DATA seqConsts<>+576(SB)/8, $0x0000000000000000
DATA seqConsts<>+584(SB)/8, $0x0000000000000000
DATA seqConsts<>+592(SB)/8, $0x0000000000000000
DATA seqConsts<>+600(SB)/8, $0x0000000000000000
DATA seqConsts<>+608(SB)/8, $0x0000000000000000
DATA seqConsts<>+616(SB)/8, $0x0000000000000000
DATA seqConsts<>+624(SB)/8, $0x0000000000000000
DATA seqConsts<>+632(SB)/8, $0x0000000000000000
DATA seqConsts<>+640(SB)/8, $0x0000000000000000
DATA seqConsts<>+648(SB)/8, $0x0000000000000000
DATA seqConsts<>+656(SB)/8, $0x0000000000000000
DATA seqConsts<>+664(SB)/8, $0x0000000000000000
DATA seqConsts<>+672(SB)/8, $0x0000000000000000
DATA seqConsts<>+680(SB)/8, $0x0000000000000000
DATA seqConsts<>+688(SB)/8, $0x0000000000000000
DATA seqConsts<>+696(SB)/8, $0x0000000000000000
DATA seqConsts<>+704(SB)/8, $0x0000000000000000
DATA seqConsts<>+712(SB)/8, $0x0000000000000000
DATA seqConsts<>+720(SB)/8, $0x0000000000000000
DATA seqConsts<>+728(SB)/8, $0x0000000000000000
DATA seqConsts<>+736(SB)/8, $0x0000000000000000
DATA seqConsts<>+744(SB)/8, $0x0000000000000000
DATA seqConsts<>+752(SB)/8, $0x0000000000000000
DATA seqConsts<>+760(SB)/8, $0x0000000000000000
DATA seqConsts<>+768(SB)/8, $0x0000000000000000
DATA seqConsts<>+776(SB)/8, $0x0000000000000000
DATA seqConsts<>+784(SB)/8, $0x0000000000000000
DATA seqConsts<>+792(SB)/8, $0x0000000000000000
DATA seqConsts<>+800(SB)/8, $0x0000000000000000
DATA seqConsts<>+808(SB)/8, $0x0000000000000000
DATA seqConsts<>+816(SB)/8, $0x0000000000000000
DATA seqConsts<>+824(SB)/8, $0x0000000000000000
DATA seqConsts<>+832(SB)/8, $0x0000000000000000
DATA seqConsts<>+840(SB)/8, $0x0000000000000000
DATA seqConsts<>+848(SB)/8, $0x0000000000000000
DATA seqConsts<>+856(SB)/8, $0x0000000000000000
DATA seqConsts<>+864(SB)/8, $0x0000000000000000
DATA seqConsts<>+872(SB)/8, $0x0000000000000000
DATA seqConsts<>+880(SB)/8, $0x0000000000000000
DATA seqConsts<>+888(SB)/8, $0x0000000000000000
DATA seqConsts<>+896(SB)/8, $0x0000000000000000
DATA seqConsts<>+904(SB)/8, $0x0000000000000000
DATA seqConsts<>+912(SB)/8, $0x0000000000000000
DATA seqConsts<>+920(SB)/8, $0x0000000000000000
DATA seqConsts<>+928(SB)/8, $0x0000000000000000
DATA seqConsts<>+936(SB)/8, $0x0000000000000000
DATA seqConsts<>+944(SB)/8, $0x0000000000000000
DATA seqConsts<>+952(SB)/8, $0x0000000000000000
DATA seqConsts<>+960(SB)/8, $0x0000000000000000
DATA seqConsts<>+968(SB)/8, $0x0000000000000000
DATA seqConsts<>+976(SB)/8, $0x0000000000000000
DATA seqConsts<>+984(SB)/8, $0x0000000000000000
DATA seqConsts<>+992(SB)/8, $0x0000000000000000
DATA seqConsts<>+1000(SB)/8, $0x0000000000000000
DATA seqConsts<>+1008(SB)/8, $0x0000000000000000
DATA seqConsts<>+1016(SB)/8, $0x0000000000000000
DATA seqConsts<>+1024(SB)/8, $0x0000000000000000
DATA seqConsts<>+1032(SB)/8, $0x0000000000000000
DATA seqConsts<>+1040(SB)/8, $0x0000000000000000
DATA seqConsts<>+1048(SB)/8, $0x0000000000000000
DATA seqConsts<>+1056(SB)/8, $0x0000000000000000
DATA seqConsts<>+1064(SB)/8, $0x0000000000000000
DATA seqConsts<>+1072(SB)/8, $0x0000000000000000
DATA seqConsts<>+1080(SB)/8, $0x0000000000000000
DATA seqConsts<>+1088(SB)/8, $0x0000000000000000
DATA seqConsts<>+1096(SB)/8, $0x0000000000000000
DATA seqConsts<>+1104(SB)/8, $0x0000000000000000
DATA seqConsts<>+1112(SB)/8, $0x0000000000000000
DATA seqConsts<>+1120(SB)/8, $0x0000000000000000
DATA seqConsts<>+1128(SB)/8, $0x0000000000000000
DATA seqConsts<>+1136(SB)/8, $0x0000000000000000
DATA seqConsts<>+1144(SB)/8, $0x0000000000000000
DATA seqConsts<>+1152(SB)/8, $0x0000000000000000
DATA seqConsts<>+1160(SB)/8, $0x0000000000000000
DATA seqConsts<>+1168(SB)/8, $0x0000000000000000
DATA seqConsts<>+1176(SB)/8, $0x0000000000000000
DATA seqConsts<>+1184(SB)/8, $0x0000000000000000
DATA seqConsts<>+1192(SB)/8, $0x0000000000000000
DATA seqConsts<>+1200(SB)/8, $0x0000000000000000
DATA seqConsts<>+1208(SB)/8, $0x0000000000000000
DATA seqConsts<>+1216(SB)/8, $0x0000000000000000
DATA seqConsts<>+1224(SB)/8, $0x0000000000000000
DATA seqConsts<>+1232(SB)/8, $0x0000000000000000
DATA seqConsts<>+1240(SB)/8, $0x0000000000000000
DATA seqConsts<>+1248(SB)/8, $0x0000000000000000
DATA seqConsts<>+1256(SB)/8, $0x0000000000000000
DATA seqConsts<>+1264(SB)/8, $0x0000000000000000
DATA seqConsts<>+1272(SB)/8, $0x0000000000000000
DATA seqConsts<>+1280(SB)/8, $0x0000000000000000
DATA seqConsts<>+1288(SB)/8, $0x0000000000000000
DATA seqConsts<>+1296(SB)/8, $0x0000000000000000
DATA seqConsts<>+1304(SB)/8, $0x0000000000000000
DATA seqConsts<>+1312(SB)/8, $0x0000000000000000
DATA seqConsts<>+1320(SB)/8, $0x0000000000000000
DATA seqConsts<>+1328(SB)/8, $0x0000000000000000
DATA seqConsts<>+1336(SB)/8, $0x0000000000000000
DATA seqConsts<>+1344(SB)/8, $0x0000000000000000
DATA seqConsts<>+1352(SB)/8, $0x0000000000000000
DATA seqConsts<>+1360(SB)/8, $0x0000000000000000
DATA seqConsts<>+1368(SB)/8, $0x0000000000000000
DATA seqConsts<>+1376(SB)/8, $0x0000000000000000
DATA seqConsts<>+1384(SB)/8, $0x0000000000000000
DATA seqConsts<>+1392(SB)/8, $0x0000000000000000
DATA seqConsts<>+1400(SB)/8, $0x0000000000000000
DATA seqConsts<>+1408(SB)/8, $0x0000000000000000
DATA seqConsts<>+1416(SB)/8, $0x0000000000000000
DATA seqConsts<>+1424(SB)/8, $0x0000000000000000
DATA seqConsts<>+1432(SB)/8, $0x0000000000000000
DATA seqConsts<>+1440(SB)/8, $0x0000000000000000
DATA seqConsts<>+1448(SB)/8, $0x0000000000000000
DATA seqConsts<>+1456(SB)/8, $0
DATA seqConsts<>+1464(SB)/8, $0x2020202020202020
DATA seqConsts<>+1472(SB)/8, $0x2020202020202020
DATA seqConsts<>+1480(SB)/8, $0x2020202020202020
DATA seqConsts<>+1488(SB)/8, $0x2020202020202020
GLOBL seqConsts<>(SB), RODATA|NOPTR, $1496

// LOADSEPS loads the window at (ptr) into Y0 and Y1, its halves, and
// compares them with Y8 and Y9 (",", ":" or SP) into kl, kh and cl, ch.
#define LOADSEPS(ptr, kl, kh, cl, ch) \
	VMOVDQU (ptr), Y0 \
	VMOVDQU 32(ptr), Y1 \
	VPCMPEQB Y8, Y0, kl \
	VPCMPEQB Y8, Y1, kh \
	VPCMPEQB Y9, Y0, cl \
	VPCMPEQB Y9, Y1, ch

// DIGITS turns the halves Y0 and Y1 into the masks of their digits:
// octet + 0x50 (Y10) is below Y11 (signed) only for "0" to "9" when Y11
// is 0x8a (and "0" to ":" when it is 0x8b).
#define DIGITS \
	VPADDB Y10, Y0, Y0 \
	VPADDB Y10, Y1, Y1 \
	VPCMPGTB Y0, Y11, Y0 \
	VPCMPGTB Y1, Y11, Y1

// CLASSIFY is LOADSEPS, then DIGITS.
#define CLASSIFY(ptr, kl, kh, cl, ch) \
	LOADSEPS(ptr, kl, kh, cl, ch) \
	DIGITS

// NZDIGITS is DIGITS, with the digits 1 to 9 in Y6 and Y7 (Y12 is "0").
#define NZDIGITS \
	VPCMPEQB Y12, Y0, Y6 \
	VPCMPEQB Y12, Y1, Y7 \
	DIGITS \
	VPANDN Y0, Y6, Y6 \
	VPANDN Y1, Y7, Y7

// ALLOF goes to fail unless every octet of Y0 and Y1 is set (DI is
// clobbered).
#define ALLOF(fail) \
	VPAND     Y1, Y0, Y0 \
	VPMOVMSKB Y0, DI \
	CMPL      DI, $0xffffffff \
	JNE       fail

// MASK64 packs the octet masks lo and hi into the 64-bit mask r (tmp is
// clobbered).
#define MASK64(lo, hi, r, tmp) \
	VPMOVMSKB lo, r \
	VPMOVMSKB hi, tmp \
	SHLQ $32, tmp \
	ORQ tmp, r

// AFTERSEP checks that the octet after each separator of s is one of nz
// (digits 1 to 9), carry being 1 when the octet before the window is a
// separator, and sets carry for the next window (DI is clobbered).
#define AFTERSEP(s, carry, nz, fail) \
	LEAQ  (carry)(s*2), DI \
	ANDNQ DI, nz, DI \
	JNZ   fail \
	MOVQ  s, carry \
	SHRQ  $63, carry

// NOTEN checks that no ten digits stand in a row, s being the window's
// separators (every other octet a digit): across the window's start
// (trail, the digits that end the window before, plus the first
// separator's offset), then within (r2, r4, r8 mark the starts of runs of
// 2, 4 and 8 digits); it sets trail for the next window (CX and DI are
// clobbered).
#define NOTEN(s, trail, fail) \
	TZCNTQ s, DI \
	ADDQ   trail, DI \
	CMPQ   DI, $10 \
	JGE    fail \
	LZCNTQ s, trail \
	MOVQ   s, DI \
	NOTQ   DI \
	MOVQ   DI, CX \
	SHRQ   $1, CX \
	ANDQ   DI, CX \
	MOVQ   CX, DI \
	SHRQ   $2, DI \
	ANDQ   CX, DI \
	SHRQ   $8, CX \
	ANDQ   DI, CX \
	SHRQ   $4, DI \
	ANDQ   DI, CX \
	JNZ    fail

// KEEPTO sets t to the bits of mask up to its r-th set bit (r from 1;
// PDEP of bit r-1 into mask, then BLSMSK), clobbering r.
#define KEEPTO(r, mask, t) \
	DECQ    r \
	MOVL    $1, t \
	SHLXQ   r, t, t \
	PDEPQ   mask, t, t \
	BLSMSKQ t, t

// func seqCheckAVX2(b []byte, p, room int) (last, n int)
//
// Per window, with K the commas, C the colons, S = K|C the separators,
// NZ the digits 1 to 9:
//   - every octet is a digit, "," or ":";
//   - the octet after each separator is in NZ (the first octet of the
//     run counts as following one): no empty number, no leading "0";
//   - no ten digits in a row (within the window, or the previous
//     window's last digits with this one's first), so every number is
//     below 2^32;
//   - at most one ":" a range: N = ^K plus C plus the carry from the
//     previous window runs, from each ":", through the octets up to the
//     next ","; a second ":" before that "," meets that carry and leaves
//     its bit set in the sum (the carry out is a ":" still open);
//   - the commas fit in room.
// A window that fails ends the run at the last "," of the windows before
// it; seqWindows then reads that window with its own loop.
//
// Registers: R10 the window, BX the last window that fits, DX the octet
// after the last "," accepted, R14 the ranges before it, R12 the last
// octet of the previous window is a separator (1 at the start: b[p] must
// be in NZ), R13 the digits that end the previous window, R9 the open
// ":" carry; AX K, R11 C, SI S, CX NZ, DI a temporary.
TEXT ·seqCheckAVX2(SB), NOSPLIT, $0-56
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVQ p+24(FP), R10
	// The callers' promise, checked on lengths (a pointer compare would
	// wrap on a nil slice): 0 <= p and a whole window from p.
	TESTQ R10, R10
	JLT   checkNone
	MOVQ  BX, CX
	SUBQ  R10, CX
	CMPQ  CX, $64
	JLT   checkNone
	LEAQ -64(SI)(BX*1), BX
	ADDQ SI, R10
	MOVQ R10, DX
	XORQ R14, R14
	MOVQ $1, R12
	XORQ R13, R13
	XORQ R9, R9
	VMOVDQU seqConsts<>+0(SB), Y8
	VMOVDQU seqConsts<>+32(SB), Y9
	VMOVDQU seqConsts<>+96(SB), Y10
	VMOVDQU seqConsts<>+128(SB), Y11
	VMOVDQU seqConsts<>+64(SB), Y12

checkWindow:
	// K (Y2/Y3), C (Y4/Y5), digits 1 to 9 (Y6/Y7); every octet a digit,
	// "," or ":".
	LOADSEPS(R10, Y2, Y3, Y4, Y5)
	NZDIGITS
	VPOR     Y2, Y0, Y0
	VPOR     Y4, Y0, Y0
	VPOR     Y3, Y1, Y1
	VPOR     Y5, Y1, Y1
	ALLOF(checkDone)
	MASK64(Y2, Y3, AX, DI)
	MASK64(Y4, Y5, R11, DI)
	MASK64(Y6, Y7, CX, DI)
	LEAQ (AX)(R11*1), SI // S (K and C are disjoint)

	AFTERSEP(SI, R12, CX, checkDone)
	NOTEN(SI, R13, checkDone)

	// At most one ":" a range.
	MOVQ  AX, DI
	NOTQ  DI
	BTQ   $0, R9
	ADCQ  R11, DI
	SETCS R9B
	ANDQ  R11, DI
	JNZ   checkDone

	// The window passed: count its commas, note the last.
	POPCNTQ AX, DI
	ADDQ    R14, DI
	CMPQ    DI, room+32(FP)
	JGT     checkDone
	MOVQ    DI, R14
	LZCNTQ  AX, DI
	JCS     checkNext
	LEAQ    64(R10), DX
	SUBQ    DI, DX

checkNext:
	ADDQ $64, R10
	CMPQ R10, BX
	JLS  checkWindow

checkDone:
	SUBQ b_base+0(FP), DX
	MOVQ DX, last+40(FP)
	MOVQ R14, n+48(FP)
	VZEROUPPER
	RET

checkNone:
	// Nothing checked: p and 0, as for a set shorter than a window.
	MOVQ R10, last+40(FP)
	MOVQ $0, n+48(FP)
	RET

// CONVERT reads the eight words at scratch (R9) from index CX into Y0 as
// eight dwords, in order: each word holds a number's digits (ASCII) in its
// top octets, the first in the lowest of them, and zeros below. "0" taken
// with saturation leaves the digits and the zeros; VPMADDUBSW by (10, 1)
// makes pairs, VPMADDWD by (100, 1) quads, VPACKUSDW puts the quads of two
// words side by side as words, VPMADDWD by (10000, 1) makes the values,
// and VPERMQ undoes the pack's interleave of the 128-bit lanes.
#define CONVERT \
	VMOVDQU (R9)(CX*8), Y0 \
	VMOVDQU 32(R9)(CX*8), Y1 \
	VPSUBUSB Y8, Y0, Y0 \
	VPSUBUSB Y8, Y1, Y1 \
	VPMADDUBSW Y9, Y0, Y0 \
	VPMADDUBSW Y9, Y1, Y1 \
	VPMADDWD Y10, Y0, Y0 \
	VPMADDWD Y10, Y1, Y1 \
	VPACKUSDW Y1, Y0, Y0 \
	VPMADDWD Y11, Y0, Y0 \
	VPERMQ $0xd8, Y0, Y0

// CONVSETUP loads CONVERT's constants and the lane-mask table (SI), sets
// R8 to the start of the last whole block of BX words (CX, 0, is the
// first) and goes to tail when there is none.
#define CONVSETUP(tail) \
	VMOVDQU seqConsts<>+64(SB), Y8 \
	VMOVDQU seqConsts<>+160(SB), Y9 \
	VMOVDQU seqConsts<>+192(SB), Y10 \
	VMOVDQU seqConsts<>+224(SB), Y11 \
	LEAQ    seqConsts<>+288(SB), SI \
	LEAQ    -8(BX), R8 \
	CMPQ    R8, CX \
	JLT     tail

// TAILMASK converts the last k = BX-CX (0 to 7) words, going to done when
// there are none, and loads the mask of their k lanes into Y3.
#define TAILMASK(done) \
	MOVQ    CX, AX \
	SUBQ    BX, AX \
	JZ      done \
	CONVERT \
	VMOVDQU (SI)(AX*4), Y3

// NUMBER stores into scratch at disp(R9)(R13*8) the number that ends at
// the next separator of SI, the octet t (into cur), after the separator
// at prev: the word that ends at t, its octets down to prev masked off by
// the table at R8 indexed by t-prev (CX), which leaves 0 for an empty
// number or one of nine digits or more; the conversion stops at a 0, so
// no test or branch is needed here. t-prev is at most 128: t at most 64
// (TZCNT of an empty mask, in a window without separator), prev at least
// -64 (the last separator of the window before, or 0 after a window
// without one).
#define NUMBER(cur, prev, disp) \
	NUMBERIN(SI, cur, prev, disp)

// NUMBERIN is NUMBER with the separators in mask.
#define NUMBERIN(mask, cur, prev, disp) \
	TZCNTQ mask, cur \
	MOVQ   -8(R10)(cur*1), R11 \
	MOVQ   cur, CX \
	SUBQ   prev, CX \
	ANDQ   (R8)(CX*8), R11 \
	MOVQ   R11, disp(R9)(R13*8)

// NUMBERCK is NUMBER for data where a number may have nine or ten digits
// and no 0 is looked for: t-prev above 9 (or no separator left: TZCNT
// gives 64) goes to fail.
#define NUMBERCK(cur, prev, disp, fail) \
	TZCNTQ SI, cur \
	MOVQ   -8(R10)(cur*1), R11 \
	MOVQ   cur, CX \
	SUBQ   prev, CX \
	CMPQ   CX, $9 \
	JHI    fail \
	ANDQ   (R8)(CX*8), R11 \
	MOVQ   R11, disp(R9)(R13*8)

// func seqDecodeAVX2(b []byte, st int, dst []SeqRange, scratch *[seqScratch]uint64) (last, n int)
//
// Two phases. The first walks the windows from st (8 or more: each
// number is read from the word that ends at its separator): it classifies
// each window and checks on the masks that every octet is a digit, "," or
// ":", and that no range has two ":"; E, the colon flags in the order of
// the separators (PEXT of C by S), gives both that rule and the single
// numbers (a "," whose separator before is a ","), deposited back as the
// mask SG. Then, for each separator (TZCNT/BLSR over S), NUMBER stores the
// number's word into scratch: once for a bound of a range, twice for a
// single number, so that scratch holds the ranges' First and Last in the
// order of dst's fields. A window that fails a rule ends the phase at the
// state of the windows before it (saved at 0 and 8(SP)); when the window
// holds more commas than room, it is cut after the last that fits.
//
// The second phase converts scratch eight words at a time (CONVERT) and
// stores the dwords into dst; a value 0 ends it at the range before.
//
// Registers, first phase: R10 the window, DX its last "," (a pointer),
// R14 the ranges accepted, R8 the mask table, R9 scratch, R12 (or AX, by
// turns) the last separator relative to the window (-1 at st), R13 the
// words in scratch, BX an open ":" (0/1); AX K then E, R11 C, SI S, DI SG,
// CX a temporary. Locals: 0 the ranges and 8 the "," before the window,
// 24 the last window that fits, 32 room. (An open ":" kept in a local
// instead, set by SETCS and read as a word, made the next window's load
// wait for the store to reach the cache: no forwarding from a narrower
// store.)
TEXT ·seqDecodeAVX2(SB), NOSPLIT, $40-80
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVQ st+24(FP), R10
	MOVQ dst_len+40(FP), R8
	// The callers' promise, checked on lengths: st >= 8 (a number's
	// word starts up to eight octets before its separator), a whole
	// window from st, and room in dst.
	CMPQ  R10, $8
	JLT   decNone
	MOVQ  BX, CX
	SUBQ  R10, CX
	CMPQ  CX, $64
	JLT   decNone
	TESTQ R8, R8
	JLE   decNone
	MOVQ scratch+56(FP), R9
	MOVQ $64, AX
	CMPQ R8, AX
	CMOVQGT AX, R8
	MOVQ R8, 32(SP)
	LEAQ -64(SI)(BX*1), BX
	MOVQ BX, 24(SP)
	ADDQ SI, R10
	LEAQ -1(R10), DX
	MOVQ $-1, R12
	XORQ R13, R13
	XORQ R14, R14
	LEAQ seqConsts<>+432(SB), R8
	VMOVDQU seqConsts<>+0(SB), Y8
	VMOVDQU seqConsts<>+32(SB), Y9
	VMOVDQU seqConsts<>+96(SB), Y10
	VMOVDQU seqConsts<>+400(SB), Y11
	XORL BX, BX

decWindow:
	MOVQ R14, 0(SP)
	MOVQ DX, 8(SP)
	// K (Y2/Y3), C (Y4/Y5), digits and ":" (Y0/Y1, Y11 being 0x8b):
	// each octet is one of them or a ",".
	CLASSIFY(R10, Y2, Y3, Y4, Y5)
	VPOR Y2, Y0, Y0
	VPOR Y3, Y1, Y1
	ALLOF(decFail)
	MASK64(Y2, Y3, AX, CX)
	MASK64(Y4, Y5, R11, CX)
	LEAQ (AX)(R11*1), SI // S
	// A window without a separator holds no whole number (64 digits
	// are never one) and would store a word for nothing: stop here, so
	// that scratch holds at most two words a separator and stays within
	// seqScratch.
	TESTQ SI, SI
	JZ    decFail

	// Room: the commas of the window; when they reach room, the
	// window is cut after the room-th and is the last.
	POPCNTQ AX, CX
	ADDQ    R14, CX
	CMPQ    CX, 32(SP)
	JAE     decCut

decCounted:
	MOVQ   CX, R14
	LZCNTQ AX, CX
	JCS    decNoComma
	LEAQ   63(R10), DX
	SUBQ   CX, DX

decNoComma:
	// The range left open at the window's end: its last separator is
	// a ":", which is when C > K (they are disjoint).
	MOVQ  BX, CX
	CMPQ  AX, R11
	SETCS BX
	// E: the colon flags in the order of the separators. A ":" after
	// a ":" (or after the one left open before the window) fails.
	PEXTQ SI, R11, AX
	LEAQ  (CX)(AX*2), CX
	TESTQ AX, CX
	JNZ   decFail
	// SG: the "," whose separator before is a "," (or none open).
	ORQ   AX, CX
	NOTQ  CX
	PDEPQ SI, CX, DI
	TESTQ DI, DI
	JNZ   decSingles

decRanges:
	// Two numbers a step, the last separator in R12 and then AX.
	NUMBER(AX, R12, 0)
	BLSRQ SI, SI
	JZ    decOdd
	NUMBER(R12, AX, 8)
	ADDQ  $2, R13
	BLSRQ SI, SI
	JNZ   decRanges

decNext:
	SUBQ $64, R12
	ADDQ $64, R10
	CMPQ R10, 24(SP)
	JLS  decWindow
	JMP  decConvert

decOdd:
	INCQ R13
	MOVQ AX, R12
	JMP  decNext

decSingles:
	// One number a step, a single number's word stored twice (CF from
	// BT: its separator is in SG).
	NUMBER(AX, R12, 0)
	MOVQ  R11, 8(R9)(R13*8)
	BTQ   AX, DI
	ADCQ  $1, R13
	MOVQ  AX, R12
	BLSRQ SI, SI
	JNZ   decSingles
	JMP   decNext

decCut:
	// Keep the separators up to the r-th comma (PDEP of bit r-1 into
	// K), r the room left (1 or more: a window starts only below room);
	// no window after this one.
	MOVQ    32(SP), DI
	SUBQ    R14, DI
	KEEPTO(DI, AX, CX)
	ANDQ    CX, AX
	ANDQ    CX, R11
	ANDQ    CX, SI
	MOVQ    $0, 24(SP)
	MOVQ    32(SP), CX
	JMP     decCounted

decFail:
	MOVQ 0(SP), R14
	MOVQ 8(SP), DX

decConvert:
	SUBQ    b_base+0(FP), DX
	MOVQ    dst_base+32(FP), DI
	MOVQ    R14, BX
	SHLQ    $1, BX // dwords to store
	XORQ    CX, CX
	VPXOR   Y12, Y12, Y12
	CONVSETUP(decTail)

decBlock:
	CONVERT
	VPCMPEQD  Y12, Y0, Y1
	VMOVMSKPS Y1, AX
	TESTL     AX, AX
	JNZ       decZero
	VMOVDQU   Y0, (DI)(CX*4)
	ADDQ      $8, CX
	CMPQ      CX, R8
	JLE       decBlock

decTail:
	// The last k = BX-CX (0 to 7) dwords, through the mask of k lanes.
	TAILMASK(decDone)
	VPCMPEQD   Y12, Y0, Y1
	VPAND      Y3, Y1, Y1
	VMOVMSKPS  Y1, AX
	TESTL      AX, AX
	JNZ        decZero
	VPMASKMOVD Y0, Y3, (DI)(CX*4)

decDone:
	MOVQ DX, last+64(FP)
	MOVQ R14, n+72(FP)
	VZEROUPPER
	RET

decZero:
	// AX: the zero lanes of the block at CX. The ranges before the
	// first zero stay: store their dwords of this block (k = 2r-CX,
	// 0 to 6) and report r ranges, with last -1.
	MOVQ   CX, BX
	TZCNTL AX, AX
	ADDQ   CX, AX
	SHRQ   $1, AX
	MOVQ   AX, R14
	SHLQ   $1, AX
	SUBQ   AX, CX // -k
	JZ     decZeroDone
	VMOVDQU    (SI)(CX*4), Y3
	VPMASKMOVD Y0, Y3, (DI)(BX*4)

decZeroDone:
	MOVQ $-1, last+64(FP)
	MOVQ R14, n+72(FP)
	VZEROUPPER
	RET

decNone:
	// Nothing decoded: the "," before st and 0, as for a set shorter
	// than a window.
	MOVQ st+24(FP), AX
	DECQ AX
	MOVQ AX, last+64(FP)
	MOVQ $0, n+72(FP)
	RET

// func numDecodeAVX2(b []byte, q int, dst []uint32) (next, n int)
//
// The SEARCH and SORT twin of seqDecodeAVX2, for NumIter.NextBatch: b is a
// run of numbers and single SPs that ParseResponse validated (or bytes
// changed since, which must only not make it fail), q the first digit of
// a number (8 or more). For each window of 64 octets from q, the SPs'
// mask comes from two compares; each number is the word that ends at its
// SP, masked by the table of top octets (seqConsts+432 indexed by t-prev),
// stored into scratch, and the words are converted eight at a time into
// dst, at most min(len(dst), 64) numbers. The scratch is the frame, 64
// words and the 8 that the last block may read past them, so that the
// caller has nothing to clear. A window without SP or with a
// number of nine digits or more ends the run at its start; next is the
// first digit of the first number not written.
//
// Registers: R10 the window, BX the last window that fits (0 after the
// window cut to room), R14 room, R13 the numbers in scratch, R12 the last
// SP relative to the window (-1 at q), DX and DI the two at the window's
// start, SI the SPs, AX t, R11 the word, R8 the table, R9 scratch (the
// frame), CX a temporary.
TEXT ·numDecodeAVX2(SB), NOSPLIT, $576-72
	MOVQ    b_base+0(FP), SI
	MOVQ    b_len+8(FP), BX
	MOVQ    q+24(FP), R10
	MOVQ    dst_len+40(FP), R14
	// The callers' promise, checked on lengths: q >= 8, a whole window
	// from q, and room in dst.
	TESTQ   R14, R14
	JLE     numNoRoom
	CMPQ    R10, $8
	JLT     numNoRoom
	MOVQ    BX, CX
	SUBQ    R10, CX
	CMPQ    CX, $64
	JLT     numNoRoom
	LEAQ    0(SP), R9
	MOVQ    $64, AX
	CMPQ    R14, AX
	CMOVQGT AX, R14
	LEAQ    -64(SI)(BX*1), BX
	ADDQ    SI, R10
	MOVQ    $-1, R12
	XORQ    R13, R13
	LEAQ    seqConsts<>+432(SB), R8
	VMOVDQU seqConsts<>+1464(SB), Y8

numWindow:
	MOVQ      R13, DX
	MOVQ      R12, DI
	VPCMPEQB  (R10), Y8, Y0
	VPCMPEQB  32(R10), Y8, Y1
	VPMOVMSKB Y0, SI
	VPMOVMSKB Y1, CX
	SHLQ      $32, CX
	ORQ       CX, SI
	JZ        numFail
	// Room: when the window's numbers reach it, keep the first r =
	// room-R13 SPs (PDEP of bit r-1 into S) and stop after the window.
	POPCNTQ   SI, CX
	ADDQ      R13, CX
	CMPQ      CX, R14
	JAE       numCut

numNumber:
	NUMBERCK(AX, R12, 0, numFail)
	INCQ   R13
	MOVQ   AX, R12
	BLSRQ  SI, SI
	JNZ    numNumber
	SUBQ   $64, R12
	ADDQ   $64, R10
	CMPQ   R10, BX
	JLS    numWindow
	JMP    numConvert

numCut:
	MOVQ    R14, CX
	SUBQ    R13, CX
	KEEPTO(CX, SI, AX)
	ANDQ    AX, SI
	XORQ    BX, BX
	JMP     numNumber

numFail:
	MOVQ DX, R13
	MOVQ DI, R12

numConvert:
	LEAQ    1(R10)(R12*1), AX
	SUBQ    b_base+0(FP), AX
	MOVQ    AX, next+56(FP)
	MOVQ    R13, n+64(FP)
	MOVQ    dst_base+32(FP), DI
	MOVQ    R13, BX
	XORQ    CX, CX
	CONVSETUP(numTail)

numBlock:
	CONVERT
	VMOVDQU Y0, (DI)(CX*4)
	ADDQ    $8, CX
	CMPQ    CX, R8
	JLE     numBlock

numTail:
	TAILMASK(numDone)
	VPMASKMOVD Y0, Y3, (DI)(CX*4)

numDone:
	VZEROUPPER
	RET

numNoRoom:
	// No room in dst, or no window: nothing written, next is q.
	MOVQ q+24(FP), AX
	MOVQ AX, next+56(FP)
	MOVQ $0, n+64(FP)
	RET

// func searchCheckAVX2(w []byte) (k, spaces, last int)
//
// searchWindows' loop (digits.go) with AVX2: w[0] is the last digit of a
// number, w[1] an SP, and each window of 64 octets from w[1] (while 65+k
// octets are left) is checked by searchWindow's rules: every octet a digit
// or SP, the octet after each SP a digit 1 to 9 (the octet before the
// first window is a digit), no ten digits in a row (across a window's
// start too; before w[1] there are none). It returns the octets accepted
// after w[0] (a multiple of 64), the SPs among them and the position of
// the last from w[1], as searchWindows does: it stops at the same window.
//
// Registers: R10 the window, BX the last window that fits, R14 the SPs,
// R12 the last octet of the previous window is SP, R13 the digits that end
// it, DX the SP mask of the last window accepted, AX the window's SPs, CX
// its digits 1 to 9, DI a temporary.
TEXT ·searchCheckAVX2(SB), NOSPLIT, $0-48
	MOVQ    w_base+0(FP), SI
	MOVQ    w_len+8(FP), BX
	// No window without 65 octets (checked on the length: a pointer
	// compare would wrap on a nil slice).
	CMPQ    BX, $65
	JLT     searchNone
	LEAQ    1(SI), R10
	LEAQ    -64(SI)(BX*1), BX // the window at R10 ends at w[len-1] at most
	XORQ    R14, R14
	XORQ    R12, R12
	XORQ    R13, R13
	XORQ    DX, DX
	VMOVDQU seqConsts<>+1464(SB), Y8
	VMOVDQU seqConsts<>+96(SB), Y10
	VMOVDQU seqConsts<>+128(SB), Y11
	VMOVDQU seqConsts<>+64(SB), Y12

searchWindow:
	// SP (Y2/Y3), digits 1 to 9 (Y6/Y7); every octet a digit or SP.
	VMOVDQU  (R10), Y0
	VMOVDQU  32(R10), Y1
	VPCMPEQB Y8, Y0, Y2
	VPCMPEQB Y8, Y1, Y3
	NZDIGITS
	VPOR     Y2, Y0, Y0
	VPOR     Y3, Y1, Y1
	ALLOF(searchDone)
	MASK64(Y2, Y3, AX, DI)
	MASK64(Y6, Y7, CX, DI)

	AFTERSEP(AX, R12, CX, searchDone)
	NOTEN(AX, R13, searchDone)

	// The window passed.
	MOVQ    AX, DX
	POPCNTQ AX, DI
	ADDQ    DI, R14
	ADDQ    $64, R10
	CMPQ    R10, BX
	JLS     searchWindow

searchDone:
	// k = R10 - (w+1); last = k-1-LZCNT(DX) when k > 0.
	SUBQ   SI, R10
	DECQ   R10
	MOVQ   R10, k+24(FP)
	MOVQ   R14, spaces+32(FP)
	LZCNTQ DX, DX
	MOVQ   R10, AX
	DECQ   AX
	SUBQ   DX, AX
	MOVQ   AX, last+40(FP)
	VZEROUPPER
	RET

searchNone:
	// No window: k and spaces 0, last as searchDone gives it for k 0.
	MOVQ $0, k+24(FP)
	MOVQ $0, spaces+32(FP)
	MOVQ $-65, last+40(FP)
	RET
