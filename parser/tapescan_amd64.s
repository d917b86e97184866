//go:build amd64 && !purego

#include "textflag.h"

// tapeScanAVX2: tapeScan's loop (respfast.go) in assembly, element by
// element as in Go, with the same record and results; see
// tapescan_amd64.go for why and for its contract.
//
// Registers for the whole loop:
//   SI  b's first octet        DX  the stop mask of the window at wb
//   R8  p, the octet read      R12 &sp[n], where the next entry goes
//   R10 the element's octets: the octet p, in b or in the tail copy
//   BX  the record's first entry (16 octets each: off, end, next, form)
//   CX  n, the entries so far  DI  cur, the innermost open list's entry
//   R9  st, the shape automaton's state (below shapeStates)
//   R13 &shapeNext: symbol s's row at 64*s
//   Y2  tapeStops, the PSHUFB table of the octets that end a plain string
//   AX, R11, R14 scratch.
// The frame holds:
//   0(SP) to 255(SP)  the tail: b's last 128 octets (or all of a shorter
//                     b, ending at 128) and then 128 NULs, so that an
//                     element within 128 octets of b's end reads the same
//                     octets and then NULs, which end every element, as
//                     tapeScan's padded copy does;
//   256(SP)           len(b)-128: a p at or below it reads b itself (an
//                     element reads at most 66 octets from p);
//   264(SP)           wb, the first octet of the 64 that DX describes
//                     (bit i for octet wb+i), set at a string's first
//                     octet.

// tapeStops: entry i is the octet with low nibble i that ends a plain
// quoted string (NUL 0x00, DQUOTE 0x22, LF 0x0a, backslash 0x5c, CR 0x0d:
// their low nibbles differ), or 0x80 where there is none. An octet x
// below 0x80 is one of the five exactly when it equals entry x&15; PSHUFB
// gives 0 for x at 0x80 or above, which is not equal to x.
DATA tapeStops<>+0x00(SB)/8, $0x8080808080228000
DATA tapeStops<>+0x08(SB)/8, $0x80800d5c800a8080
GLOBL tapeStops<>(SB), RODATA|NOPTR, $16

// STOPS sets reg to the mask of the 32 octets at addr that end a plain
// quoted string (bit i for octet i). Y0 and Y1 are clobbered.
#define STOPS(addr, reg) \
	VMOVDQU   addr, Y0 \
	VPSHUFB   Y0, Y2, Y1 \
	VPCMPEQB  Y0, Y1, Y1 \
	VPMOVMSKB Y1, reg

// NEXTENTRY steps R12 past the entry just written (n is stepped apart).
#define NEXTENTRY ADDQ $16, R12

// func tapeScanAVX2(b []byte, p int, sp *[maxListSpans]tapeEntry, n, cur int, st uint) (end, count int)
TEXT ·tapeScanAVX2(SB), NOSPLIT, $272-80
	MOVQ b_base+0(FP), SI
	MOVQ p+24(FP), R8
	MOVQ sp+32(FP), BX
	MOVQ n+40(FP), CX
	MOVQ cur+48(FP), DI
	MOVQ st+56(FP), R9
	// A start outside 0..len(b) reads nothing (p < 0 would read before
	// b: the unsigned compare takes it as above len).
	CMPQ R8, b_len+8(FP)
	JA   fail
	ANDQ $63, R9
	// cur must be an entry before n whose list encloses nothing
	// (next -1, the value's own, as tapeOpen writes it): then every
	// list the loop closes but that one is an entry it wrote itself,
	// whose state octet is a state (below 64, a row's index in
	// shapeNext), whatever else the caller's record holds.
	CMPQ DI, CX
	JAE  fail
	ANDQ $511, DI
	MOVQ DI, R11
	SHLQ $4, R11
	CMPL 8(BX)(R11*1), $0
	JGE  fail
	LEAQ ·shapeNext(SB), R13
	VBROADCASTI128 tapeStops<>(SB), Y2

	// No window yet: wb so far below any p+1 that p+1-wb is above 63.
	MOVQ $-0x4000000000000000, AX
	MOVQ AX, 264(SP)

	// The tail: b's last 128 octets at 0(SP), NULs at 128(SP) to 255(SP).
	MOVQ    b_len+8(FP), DX
	MOVQ    DX, R12
	SUBQ    $128, R12
	MOVQ    R12, 256(SP)
	VPXOR   Y0, Y0, Y0
	VMOVDQU Y0, 128(SP)
	VMOVDQU Y0, 160(SP)
	VMOVDQU Y0, 192(SP)
	VMOVDQU Y0, 224(SP)
	CMPQ    DX, $128
	JLT     shortb
	VMOVDQU (SI)(R12*1), Y0
	VMOVDQU 32(SI)(R12*1), Y1
	VMOVDQU Y0, 0(SP)
	VMOVDQU Y1, 32(SP)
	VMOVDQU 64(SI)(R12*1), Y0
	VMOVDQU 96(SI)(R12*1), Y1
	VMOVDQU Y0, 64(SP)
	VMOVDQU Y1, 96(SP)
	JMP     start

shortb:
	// A b shorter than 128 octets ends at 128(SP): b[i] at 128-len+i.
	VMOVDQU Y0, 0(SP)
	VMOVDQU Y0, 32(SP)
	VMOVDQU Y0, 64(SP)
	VMOVDQU Y0, 96(SP)
	LEAQ    128(SP), R11
	SUBQ    DX, R11
	XORQ    AX, AX

shortcopy:
	CMPQ AX, DX
	JGE  start
	MOVB (SI)(AX*1), R14
	MOVB R14, (R11)(AX*1)
	INCQ AX
	JMP  shortcopy

start:
	MOVQ CX, R12
	SHLQ $4, R12
	ADDQ BX, R12

loop:
	// b[p] starts an element. A full record is the general path's.
	CMPQ CX, $511
	JAE  fail
	CMPQ R8, 256(SP)
	JGT  tailwin
	LEAQ (SI)(R8*1), R10

elem:
	MOVBLZX (R10), AX
	CMPB    AL, $0x22
	JNE     notquoted

	// A quoted string: the first octet after the DQUOTE that ends a
	// plain string must be its closing DQUOTE, and the octet after it SP
	// or ")". The octets that end a plain string are found 64 at a time,
	// from the first octet of a string (wb), into a mask (DX) that the
	// strings after it read while they start and end within it: a short
	// string then costs a shift and a count, not a load and a vector
	// compare, on the path that the next element's position waits on.
	LEAQ   1(R8), AX
	SUBQ   264(SP), AX
	CMPQ   AX, $63
	JA     qwindow
	SHRXQ  AX, DX, R11
	TZCNTQ R11, AX
	JCS    qwindow

qstop:
	// AX (k) is the first octet after the DQUOTE that ends a plain
	// string.
	CMPB   1(R10)(AX*1), $0x22
	JNE    fail
	CMPQ   R9, $16            // stBodyStart: the string is the media type
	JEQ    qmedia
	MOVBLZX (R13)(R9*1), R9   // shapeNext[symQuoted][st]

qentry:
	// Entry {p+1, p+1+k, n+1, FormQuoted}; k is AX.
	LEAQ    1(R8), R11
	MOVL    R11, (R12)
	ADDQ    AX, R11
	MOVL    R11, 4(R12)
	INCQ    CX
	MOVL    CX, 8(R12)
	MOVB    $3, 12(R12)
	NEXTENTRY
	CMPB    2(R10)(AX*1), $0x20
	JNE     qclose
	LEAQ    3(R8)(AX*1), R8
	JMP     loop

qclose:
	CMPB 2(R10)(AX*1), $0x29
	JNE  fail
	LEAQ 2(R8)(AX*1), R8
	JMP  closing

qwindow:
	// The mask of the 64 octets after the DQUOTE. No stop among them:
	// qlong.
	LEAQ      1(R8), AX
	MOVQ      AX, 264(SP)
	STOPS(1(R10), DX)
	STOPS(33(R10), R11)
	SHLQ      $32, R11
	ORQ       R11, DX
	TZCNTQ    DX, AX
	JCC       qstop
	JMP       qlong

qmedia:
	// mediaType: TEXT (4 octets) has lines, MESSAGE (7) is the general
	// path's (stFail), any other type is stSubtype. Or-ing 0x20 folds a
	// letter's case, and only the two cases of a letter fold to it.
	MOVL $18, R9
	CMPQ AX, $4
	JEQ  qtext
	CMPQ AX, $7
	JNE  qentry
	MOVL 1(R10), R11
	ORL  $0x20202020, R11
	CMPL R11, $0x7373656d     // "mess"
	JNE  qentry
	MOVL 5(R10), R11
	ANDL $0xffffff, R11
	ORL  $0x202020, R11
	CMPL R11, $0x656761       // "age"
	JNE  qentry
	XORL R9, R9
	JMP  qentry

qtext:
	MOVL 1(R10), R11
	ORL  $0x20202020, R11
	CMPL R11, $0x74786574     // "text"
	JNE  qentry
	MOVL $24, R9
	JMP  qentry

qlong:
	// No stop in the 64 octets after the DQUOTE (only in b itself: the
	// tail's NULs stop a string). Go on in b from p+65: 32 octets at a
	// time while they fit, then one at a time; R11 is j.
	LEAQ 65(R8), R11

qlvec:
	LEAQ 32(R11), R14
	CMPQ R14, b_len+8(FP)
	JGT  qlbyte
	STOPS((SI)(R11*1), AX)
	TZCNTL AX, AX
	JCC  qlfound
	ADDQ $32, R11
	JMP  qlvec

qlbyte:
	LEAQ ·quotedPlain8(SB), R14

qlbytel:
	CMPQ    R11, b_len+8(FP)
	JGE     qlend
	MOVBLZX (SI)(R11*1), AX
	CMPB    (R14)(AX*1), $0
	JEQ     qlend
	INCQ    R11
	JMP     qlbytel

qlfound:
	ADDQ AX, R11

qlend:
	// b[j] must be the closing DQUOTE, with an octet after it.
	LEAQ 1(R11), AX
	CMPQ AX, b_len+8(FP)
	JGE  fail
	CMPB (SI)(R11*1), $0x22
	JNE  fail
	CMPQ R9, $16
	JNE  qlshape
	MOVL $18, R9              // a media type of 32 octets or more
	JMP  qlentry

qlshape:
	MOVBLZX (R13)(R9*1), R9

qlentry:
	LEAQ    1(R8), AX
	MOVL    AX, (R12)
	MOVL    R11, 4(R12)
	INCQ    CX
	MOVL    CX, 8(R12)
	MOVB    $3, 12(R12)
	NEXTENTRY
	MOVBLZX 1(SI)(R11*1), AX
	CMPB    AL, $0x20
	JNE     qlclose
	LEAQ    2(R11), R8
	JMP     loop

qlclose:
	CMPB AL, $0x29
	JNE  fail
	LEAQ 1(R11), R8
	JMP  closing

notquoted:
	MOVL AX, R11
	ORL  $0x20, R11
	CMPL R11, $0x6e
	JNE  notnil

	// NIL and its separator, from one load: "NIL " or "NIL)", the
	// letters in any case.
	MOVL    (R10), R11
	ORL     $0x202020, R11
	MOVBLZX 64(R13)(R9*1), R9  // shapeNext[symNIL][st]
	MOVL    R8, (R12)
	LEAQ    3(R8), AX
	MOVL    AX, 4(R12)
	INCQ    CX
	MOVL    CX, 8(R12)
	MOVB    $6, 12(R12)
	NEXTENTRY
	CMPL    R11, $0x206c696e   // "nil "
	JNE     nilclose
	ADDQ    $4, R8
	JMP     loop

nilclose:
	CMPL R11, $0x296c696e      // "nil)"
	JNE  fail
	ADDQ $3, R8
	JMP  closing

notnil:
	CMPB AL, $0x28
	JNE  notlist

	// A list after "(" or SP: it may nest one level less deep than the
	// list it is in (the depth left is cur's end>>8).
	MOVQ    DI, R11
	SHLQ    $4, R11
	MOVL    4(BX)(R11*1), R11
	SARL    $8, R11
	DECL    R11
	JS      fail
	SHLL    $8, R11
	MOVBLZX 256(R13)(R9*1), AX // shapeNext[symListRet][st]
	ORL     AX, R11
	MOVBLZX 192(R13)(R9*1), R9 // shapeNext[symListIn][st]
	LEAQ    1(R8), AX
	MOVL    AX, (R12)
	MOVL    R11, 4(R12)
	MOVL    DI, 8(R12)
	MOVB    $7, 12(R12)
	MOVQ    CX, DI
	INCQ    CX
	NEXTENTRY
	INCQ    R8
	JMP     loop

notlist:
	// A number: up to nine digits (a tenth fails as a separator). The
	// run of digits in the first eight octets as in digitRun8.
	SUBL   $0x30, AX
	CMPL   AX, $9
	JA     fail
	MOVQ   (R10), R11
	MOVQ   $0x3030303030303030, R14
	XORQ   R14, R11
	MOVQ   $0x7676767676767676, R14
	ADDQ   R11, R14
	ORQ    R11, R14
	MOVQ   $0x8080808080808080, R11
	ANDQ   R11, R14
	TZCNTQ R14, AX
	SHRQ   $3, AX
	CMPQ   AX, $8
	JNE    numentry
	MOVBLZX 8(R10), R11
	SUBL   $0x30, R11
	CMPL   R11, $9
	JA     numentry
	MOVL   $9, AX

numentry:
	// Entry {p, p+i, n+1, FormNumber}; i is AX.
	MOVBLZX 128(R13)(R9*1), R9 // shapeNext[symNumber][st]
	MOVL    R8, (R12)
	LEAQ    (R8)(AX*1), R11
	MOVL    R11, 4(R12)
	INCQ    CX
	MOVL    CX, 8(R12)
	MOVB    $2, 12(R12)
	NEXTENTRY
	CMPB    (R10)(AX*1), $0x20
	JNE     numclose
	LEAQ    1(R8)(AX*1), R8
	JMP     loop

numclose:
	CMPB (R10)(AX*1), $0x29
	JNE  fail
	ADDQ AX, R8
	JMP  closing

tailwin:
	// Within 64 octets of b's end: the window is in the tail, at
	// p-(len-64), which is 1 to 64 (p never passes len).
	MOVQ R8, R10
	SUBQ 256(SP), R10
	CMPQ R10, $128
	JGT  fail
	LEAQ (SP)(R10*1), R10
	JMP  elem

closing:
	// b[p] is ")": close the list cur, in a state where it may close.
	// Its entry gets its end and next; its end held the state after it
	// (low octet) and the depth left (above), its next the enclosing
	// list (-1 for the value itself).
	CMPQ    R9, $36            // stFirstClosable
	JB      fail
	MOVQ    DI, R11
	SHLQ    $4, R11
	MOVLQSX 8(BX)(R11*1), R14  // parent
	MOVL    4(BX)(R11*1), AX   // v
	MOVBLZX AL, R9
	MOVL    R8, 4(BX)(R11*1)
	MOVL    CX, 8(BX)(R11*1)
	INCQ    R8
	TESTQ   R14, R14
	JS      done
	MOVQ    R14, DI
	ANDQ    $511, DI
	CMPQ    R8, b_len+8(FP)
	JGE     fail
	MOVBLZX (SI)(R8*1), R11
	CMPB    R11, $0x29
	JEQ     closing
	CMPB    R11, $0x20
	JNE     closeafter
	INCQ    R8
	JMP     loop

closeafter:
	// "(" right after ")": a list at the same depth as the one closed.
	CMPB    R11, $0x28
	JNE     fail
	CMPQ    CX, $511
	JAE     fail
	ANDL    $0xffffff00, AX
	MOVBLZX 384(R13)(R9*1), R11 // shapeNext[symAfterRet][st]
	ORL     R11, AX
	MOVBLZX 320(R13)(R9*1), R9  // shapeNext[symAfterIn][st]
	LEAQ    1(R8), R11
	MOVL    R11, (R12)
	MOVL    AX, 4(R12)
	MOVL    DI, 8(R12)
	MOVB    $7, 12(R12)
	MOVQ    CX, DI
	INCQ    CX
	NEXTENTRY
	INCQ    R8
	JMP     loop

done:
	MOVQ R8, end+64(FP)
	MOVQ CX, count+72(FP)
	VZEROUPPER
	RET

fail:
	MOVQ $-1, end+64(FP)
	MOVQ $0, count+72(FP)
	VZEROUPPER
	RET
