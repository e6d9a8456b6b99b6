; test compile
; albert-tiny's forward program and GEMM kernels for x86-64 with AVX2 and FMA (no AVX-512): 6x16 ymm tiles.
; model: tiny
; target: x86_64-avx2
; bucket: 1x8

; program (Cranelift IR)
function u0:0(i64) -> i32 system_v {
    sig0 = (i64, i64, i64, i64, i64) -> i32 system_v

block0(v0: i64):
    v2 = load.i64 notrap v0
    v3 = load.i64 notrap v0+24
    v4 = iconst.i64 0
    v5 = iadd v2, v4  ; v4 = 0
    v7 = iconst.i64 0
    jump block2(v7)  ; v7 = 0

block2(v6: i64):
    v8 = iconst.i64 3
    v9 = ishl v6, v8  ; v8 = 3
    v10 = iconst.i64 2
    v11 = ishl v6, v10  ; v10 = 2
    v12 = iadd.i64 v3, v9
    v13 = iadd.i64 v5, v11
    v14 = load.i64 notrap v12
    v15 = fcvt_from_sint.f32 v14
    store notrap v15, v13
    v16 = iconst.i64 1
    v17 = iadd v6, v16  ; v16 = 1
    v18 = iconst.i64 8
    v19 = icmp ult v17, v18  ; v18 = 8
    brif v19, block2(v17), block3

block3:
    v20 = iconst.i64 64
    v21 = iadd.i64 v2, v20  ; v20 = 64
    v22 = iconst.i64 0
    v23 = iadd.i64 v2, v22  ; v22 = 0
    v25 = iconst.i64 0
    jump block4(v25)  ; v25 = 0

block4(v24: i64):
    v26 = iconst.i64 4
    v27 = ishl v24, v26  ; v26 = 4
    v28 = iadd.i64 v23, v27
    v29 = iadd.i64 v21, v27
    v30 = load.f32x4 notrap v28
    store notrap v30, v29
    v31 = iconst.i64 1
    v32 = iadd v24, v31  ; v31 = 1
    v33 = iconst.i64 2
    v34 = icmp ult v32, v33  ; v33 = 2
    brif v34, block4(v32), block5

block5:
    v35 = iconst.i64 128
    v36 = iadd.i64 v2, v35  ; v35 = 128
    v37 = f32const 0x1.000000p0
    store notrap v37, v36  ; v37 = 0x1.000000p0
    v38 = iconst.i64 64
    v39 = iadd.i64 v2, v38  ; v38 = 64
    v40 = iconst.i64 0
    v41 = iadd.i64 v2, v40  ; v40 = 0
    v43 = iconst.i64 0
    jump block6(v43)  ; v43 = 0

block6(v42: i64):
    v44 = iconst.i64 2
    v45 = ishl v42, v44  ; v44 = 2
    v46 = iadd.i64 v39, v45
    v47 = iadd.i64 v41, v45
    v48 = load.f32 notrap v46
    v49 = f32const 0x1.000000p0
    v50 = fsub v49, v48  ; v49 = 0x1.000000p0
    store notrap v50, v47
    v51 = iconst.i64 1
    v52 = iadd v42, v51  ; v51 = 1
    v53 = iconst.i64 8
    v54 = icmp ult v52, v53  ; v53 = 8
    brif v54, block6(v52), block7

block7:
    v55 = iconst.i64 64
    v56 = iadd.i64 v2, v55  ; v55 = 64
    v57 = f32const -0x1.fffffep127
    store notrap v57, v56  ; v57 = -0x1.fffffep127
    v58 = iconst.i64 0
    v59 = iadd.i64 v2, v58  ; v58 = 0
    v60 = iconst.i64 0x2900
    v61 = iadd.i64 v2, v60  ; v60 = 0x2900
    v63 = iconst.i64 0
    jump block8(v63)  ; v63 = 0

block8(v62: i64):
    v64 = iconst.i64 2
    v65 = ishl v62, v64  ; v64 = 2
    v66 = iadd.i64 v59, v65
    v67 = iadd.i64 v61, v65
    v68 = load.f32 notrap v66
    v69 = f32const -0x1.fffffep127
    v70 = fmul v68, v69  ; v69 = -0x1.fffffep127
    store notrap v70, v67
    v71 = iconst.i64 1
    v72 = iadd v62, v71  ; v71 = 1
    v73 = iconst.i64 8
    v74 = icmp ult v72, v73  ; v73 = 8
    brif v74, block8(v72), block9

block9:
    v75 = load.i64 notrap v0+40
    v76 = load.i64 notrap v75
    v77 = load.i64 notrap v0+48
    v78 = iconst.i64 7424
    v79 = iadd.i64 v2, v78  ; v78 = 7424
    v80 = iconst.i64 0
    v81 = load.i64 notrap v0+8
    v82 = load.i64 notrap v0+16
    v83 = call_indirect sig0, v77(v76, v0, v79, v81, v82)
    brif v83, block1(v83), block10

block10:
    v84 = iconst.i64 8448
    v85 = iadd.i64 v2, v84  ; v84 = 8448
    v86 = iconst.i64 7424
    v87 = iadd.i64 v2, v86  ; v86 = 7424
    v89 = iconst.i64 0
    jump block11(v89)  ; v89 = 0

block11(v88: i64):
    v90 = iconst.i64 4
    v91 = ishl v88, v90  ; v90 = 4
    v92 = iadd.i64 v87, v91
    v93 = iadd.i64 v85, v91
    v94 = load.f32x4 notrap v92
    store notrap v94, v93
    v95 = iconst.i64 1
    v96 = iadd v88, v95  ; v95 = 1
    v97 = iconst.i64 64
    v98 = icmp ult v96, v97  ; v97 = 64
    brif v98, block11(v96), block12

block12:
    v99 = iconst.i64 0x2940
    v100 = iadd.i64 v2, v99  ; v99 = 0x2940
    v101 = iconst.i64 0x2900
    v102 = iadd.i64 v2, v101  ; v101 = 0x2900
    v104 = iconst.i64 0
    jump block13(v104)  ; v104 = 0

block13(v103: i64):
    v105 = iconst.i64 4
    v106 = ishl v103, v105  ; v105 = 4
    v107 = iadd.i64 v102, v106
    v108 = iadd.i64 v100, v106
    v109 = load.f32x4 notrap v107
    store notrap v109, v108
    v110 = iconst.i64 1
    v111 = iadd v103, v110  ; v110 = 1
    v112 = iconst.i64 2
    v113 = icmp ult v111, v112  ; v112 = 2
    brif v113, block13(v111), block14

block14:
    v115 = iconst.i64 0
    jump block15(v115)  ; v115 = 0

block15(v114: i64):
    v116 = load.i64 notrap v0+40
    v117 = load.i64 notrap v116+8
    v118 = load.i64 notrap v0+48
    v119 = iconst.i64 9472
    v120 = iadd.i64 v2, v119  ; v119 = 9472
    v121 = iconst.i64 0
    v122 = iconst.i64 8448
    v123 = iadd.i64 v2, v122  ; v122 = 8448
    v124 = iconst.i64 0x2940
    v125 = iadd.i64 v2, v124  ; v124 = 0x2940
    v126 = call_indirect sig0, v118(v117, v0, v120, v123, v125)
    brif v126, block1(v126), block17

block17:
    v127 = load.i64 notrap v0+40
    v128 = load.i64 notrap v127+16
    v129 = load.i64 notrap v0+48
    v130 = iconst.i64 3072
    v131 = iadd.i64 v2, v130  ; v130 = 3072
    v132 = iconst.i64 0
    v133 = iconst.i64 9472
    v134 = iadd.i64 v2, v133  ; v133 = 9472
    v135 = call_indirect sig0, v129(v128, v0, v131, v134, v132)  ; v132 = 0
    brif v135, block1(v135), block18

block18:
    v136 = iconst.i64 8448
    v137 = iadd.i64 v2, v136  ; v136 = 8448
    v138 = iconst.i64 3072
    v139 = iadd.i64 v2, v138  ; v138 = 3072
    v141 = iconst.i64 0
    jump block19(v141)  ; v141 = 0

block19(v140: i64):
    v142 = iconst.i64 4
    v143 = ishl v140, v142  ; v142 = 4
    v144 = iadd.i64 v139, v143
    v145 = iadd.i64 v137, v143
    v146 = load.f32x4 notrap v144
    store notrap v146, v145
    v147 = iconst.i64 1
    v148 = iadd v140, v147  ; v147 = 1
    v149 = iconst.i64 64
    v150 = icmp ult v148, v149  ; v149 = 64
    brif v150, block19(v148), block20

block20:
    v151 = iconst.i64 1
    v152 = iadd.i64 v114, v151  ; v151 = 1
    v153 = iconst.i64 4
    v154 = icmp ult v152, v153  ; v153 = 4
    brif v154, block15(v152), block16

block16:
    v155 = iconst.i64 0x001d_4c00
    v156 = iadd.i64 v2, v155  ; v155 = 0x001d_4c00
    v157 = iconst.i64 8448
    v158 = iadd.i64 v2, v157  ; v157 = 8448
    v160 = iconst.i64 0
    jump block21(v160)  ; v160 = 0

block21(v159: i64):
    v161 = iconst.i64 4
    v162 = ishl v159, v161  ; v161 = 4
    v163 = iadd.i64 v158, v162
    v164 = iadd.i64 v156, v162
    v165 = load.f32x4 notrap v163
    store notrap v165, v164
    v166 = iconst.i64 1
    v167 = iadd v159, v166  ; v166 = 1
    v168 = iconst.i64 64
    v169 = icmp ult v167, v168  ; v168 = 64
    brif v169, block21(v167), block22

block22:
    v170 = load.i64 notrap v0+40
    v171 = load.i64 notrap v170+24
    v172 = load.i64 notrap v0+48
    v173 = iconst.i64 0
    v174 = iadd.i64 v2, v173  ; v173 = 0
    v175 = iconst.i64 0
    v176 = iconst.i64 0x001d_4c00
    v177 = iadd.i64 v2, v176  ; v176 = 0x001d_4c00
    v178 = call_indirect sig0, v172(v171, v0, v174, v177, v175)  ; v175 = 0
    brif v178, block1(v178), block23

block23:
    v179 = load.i64 notrap v0+40
    v180 = load.i64 notrap v179+32
    v181 = load.i64 notrap v0+48
    v182 = iconst.i64 128
    v183 = iadd.i64 v2, v182  ; v182 = 128
    v184 = iconst.i64 0
    v185 = iconst.i64 0
    v186 = iadd.i64 v2, v185  ; v185 = 0
    v187 = call_indirect sig0, v181(v180, v0, v183, v186, v184)  ; v184 = 0
    brif v187, block1(v187), block24

block24:
    v188 = load.i64 notrap v0+40
    v189 = load.i64 notrap v188+40
    v190 = load.i64 notrap v0+48
    v191 = iconst.i64 0
    v192 = iadd.i64 v2, v191  ; v191 = 0
    v193 = iconst.i64 0
    v194 = iconst.i64 128
    v195 = iadd.i64 v2, v194  ; v194 = 128
    v196 = call_indirect sig0, v190(v189, v0, v192, v195, v193)  ; v193 = 0
    brif v196, block1(v196), block25

block25:
    v197 = load.i64 notrap v0+40
    v198 = load.i64 notrap v197+48
    v199 = load.i64 notrap v0+48
    v200 = iconst.i64 0x001d_5000
    v201 = iadd.i64 v2, v200  ; v200 = 0x001d_5000
    v202 = iconst.i64 0
    v203 = iconst.i64 0
    v204 = iadd.i64 v2, v203  ; v203 = 0
    v205 = call_indirect sig0, v199(v198, v0, v201, v204, v202)  ; v202 = 0
    brif v205, block1(v205), block26

block26:
    v206 = load.i64 notrap v0+40
    v207 = load.i64 notrap v206+56
    v208 = load.i64 notrap v0+48
    v209 = iconst.i64 0
    v210 = iadd.i64 v2, v209  ; v209 = 0
    v211 = iconst.i64 0
    v212 = iconst.i64 0x001d_5000
    v213 = iadd.i64 v2, v212  ; v212 = 0x001d_5000
    v214 = call_indirect sig0, v208(v207, v0, v210, v213, v211)  ; v211 = 0
    brif v214, block1(v214), block27

block27:
    v215 = load.i64 notrap v0+40
    v216 = load.i64 notrap v215+64
    v217 = load.i64 notrap v0+48
    v218 = iconst.i64 0x001d_5080
    v219 = iadd.i64 v2, v218  ; v218 = 0x001d_5080
    v220 = iconst.i64 0
    v221 = iconst.i64 0
    v222 = iadd.i64 v2, v221  ; v221 = 0
    v223 = call_indirect sig0, v217(v216, v0, v219, v222, v220)  ; v220 = 0
    brif v223, block1(v223), block28

block28:
    v224 = load.i64 notrap v0+40
    v225 = load.i64 notrap v224+72
    v226 = load.i64 notrap v0+48
    v227 = iconst.i64 0
    v228 = iadd.i64 v2, v227  ; v227 = 0
    v229 = iconst.i64 0
    v230 = iconst.i64 0x001d_4c00
    v231 = iadd.i64 v2, v230  ; v230 = 0x001d_4c00
    v232 = call_indirect sig0, v226(v225, v0, v228, v231, v229)  ; v229 = 0
    brif v232, block1(v232), block29

block29:
    v233 = load.i64 notrap v0+40
    v234 = load.i64 notrap v233+80
    v235 = load.i64 notrap v0+48
    v236 = iconst.i64 512
    v237 = iadd.i64 v2, v236  ; v236 = 512
    v238 = iconst.i64 0
    v239 = iconst.i64 0
    v240 = iadd.i64 v2, v239  ; v239 = 0
    v241 = call_indirect sig0, v235(v234, v0, v237, v240, v238)  ; v238 = 0
    brif v241, block1(v241), block30

block30:
    v242 = load.i64 notrap v0+40
    v243 = load.i64 notrap v242+88
    v244 = load.i64 notrap v0+48
    v245 = iconst.i64 0
    v246 = iadd.i64 v2, v245  ; v245 = 0
    v247 = iconst.i64 0
    v248 = iconst.i64 512
    v249 = iadd.i64 v2, v248  ; v248 = 512
    v250 = call_indirect sig0, v244(v243, v0, v246, v249, v247)  ; v247 = 0
    brif v250, block1(v250), block31

block31:
    v251 = load.i64 notrap v0+40
    v252 = load.i64 notrap v251+96
    v253 = load.i64 notrap v0+48
    v254 = iconst.i64 0x000e_a600
    v255 = iadd.i64 v2, v254  ; v254 = 0x000e_a600
    v256 = iconst.i64 0
    v257 = iconst.i64 0
    v258 = iadd.i64 v2, v257  ; v257 = 0
    v259 = call_indirect sig0, v253(v252, v0, v255, v258, v256)  ; v256 = 0
    brif v259, block1(v259), block32

block32:
    v260 = load.i64 notrap v0+40
    v261 = load.i64 notrap v260+104
    v262 = load.i64 notrap v0+48
    v263 = iconst.i64 0
    v264 = iadd.i64 v2, v263  ; v263 = 0
    v265 = iconst.i64 0
    v266 = iconst.i64 0x000e_a600
    v267 = iadd.i64 v2, v266  ; v266 = 0x000e_a600
    v268 = call_indirect sig0, v262(v261, v0, v264, v267, v265)  ; v265 = 0
    brif v268, block1(v268), block33

block33:
    v269 = load.i64 notrap v0+40
    v270 = load.i64 notrap v269+112
    v271 = load.i64 notrap v0+48
    v272 = iconst.i64 0x000e_a600
    v273 = iadd.i64 v2, v272  ; v272 = 0x000e_a600
    v274 = iconst.i64 0
    v275 = iconst.i64 0
    v276 = iadd.i64 v2, v275  ; v275 = 0
    v277 = call_indirect sig0, v271(v270, v0, v273, v276, v274)  ; v274 = 0
    brif v277, block1(v277), block34

block34:
    v278 = iconst.i32 0
    return v278  ; v278 = 0

block1(v1: i32):
    return v1
}
; program (x86_64-avx2)
  pushq %rbp
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  movq %rsp, %rbp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 32 }
  subq $0x20, %rsp
  movq %rbx, (%rsp)
  unwind SaveReg { clobber_offset: 0, reg: p3i }
  movq %r12, 8(%rsp)
  unwind SaveReg { clobber_offset: 8, reg: p12i }
  movq %r13, 0x10(%rsp)
  unwind SaveReg { clobber_offset: 16, reg: p13i }
block0:
  movq %rdi, %r12
  movq (%rdi), %r9
  movq 0x18(%rdi), %rax
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label1
block1:
  uninit  %xmm0
  vxorps %xmm0, %xmm0, %xmm0
  vcvtsi2ssq (%rax, %rsi, 8), %xmm0, %xmm0
  vmovss %xmm0, (%r9, %rsi, 4)
  leaq 1(%rsi), %rsi
  cmpq $0x8, %rsi
  jb      label2; j label3
block2:
  jmp     label1
block3:
  uninit  %rax
  xorq %rax, %rax
  jmp     label4
block4:
  movq %rax, %rcx
  shlq $0x4, %rcx
  vmovups (%r9, %rcx), %xmm0
  vmovups %xmm0, 0x40(%r9, %rcx)
  leaq 1(%rax), %rax
  cmpq $0x2, %rax
  jb      label5; j label6
block5:
  jmp     label4
block6:
  movl $0x3f800000, %eax
  vmovd %eax, %xmm0
  vmovss %xmm0, 0x80(%r9)
  uninit  %rax
  xorq %rax, %rax
  jmp     label7
block7:
  leaq 0x40(%r9), %rdx
  movl $0x3f800000, %ecx
  vmovd %ecx, %xmm0
  vsubss (%rdx, %rax, 4), %xmm0, %xmm0
  vmovss %xmm0, (%r9, %rax, 4)
  leaq 1(%rax), %rax
  cmpq $0x8, %rax
  jb      label8; j label9
block8:
  jmp     label7
block9:
  movl $0xff7fffff, %eax
  vmovd %eax, %xmm0
  vmovss %xmm0, 0x40(%r9)
  uninit  %rax
  xorq %rax, %rax
  jmp     label10
block10:
  movl $0xff7fffff, %ecx
  vmovd %ecx, %xmm2
  vmulss (%r9, %rax, 4), %xmm2, %xmm1
  vmovss %xmm1, 0x2900(%r9, %rax, 4)
  leaq 1(%rax), %rax
  cmpq $0x8, %rax
  jb      label11; j label12
block11:
  jmp     label10
block12:
  movq %r12, %rdi
  movq 0x28(%rdi), %rsi
  movq (%rsi), %rdi
  movq %r12, %rsi
  movq 0x30(%rsi), %r10
  movq 8(%rsi), %rcx
  movq %r12, %r8
  movq 0x10(%r8), %r8
  leaq 0x1d00(%r9), %rdx
  movq %r9, %r13
  call    *%r10
  testl %eax, %eax
  jnz     label13; j label14
block13:
  jmp     label58
block14:
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label15
block15:
  movq %rsi, %r9
  shlq $0x4, %r9
  movq %r13, %r10
  vmovups 0x1d00(%r10, %r9), %xmm0
  vmovups %xmm0, 0x2100(%r10, %r9)
  leaq 1(%rsi), %rsi
  cmpq $0x40, %rsi
  jb      label16; j label17
block16:
  movq %r10, %r13
  jmp     label15
block17:
  uninit  %rax
  xorq %rax, %rax
  jmp     label18
block18:
  movq %rax, %rdx
  shlq $0x4, %rdx
  vmovups 0x2900(%r10, %rdx), %xmm0
  vmovups %xmm0, 0x2940(%r10, %rdx)
  leaq 1(%rax), %rax
  cmpq $0x2, %rax
  jb      label19; j label20
block19:
  jmp     label18
block20:
  uninit  %rbx
  xorq %rbx, %rbx
  jmp     label21
block21:
  movq 0x28(%r12), %rax
  movq 8(%rax), %rdi
  movq 0x30(%r12), %rax
  leaq 0x2500(%r10), %rdx
  leaq 0x2100(%r10), %rcx
  leaq 0x2940(%r10), %r8
  movq %r10, %r13
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label22; j label23
block22:
  jmp     label58
block23:
  movq 0x28(%r12), %rax
  movq 0x10(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0xc00(%rcx), %rdx
  leaq 0x2500(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label24; j label25
block24:
  jmp     label58
block25:
  uninit  %rax
  xorq %rax, %rax
  jmp     label26
block26:
  movq %rax, %rcx
  shlq $0x4, %rcx
  movq %r13, %rdx
  vmovups 0xc00(%rdx, %rcx), %xmm0
  vmovups %xmm0, 0x2100(%rdx, %rcx)
  leaq 1(%rax), %rax
  cmpq $0x40, %rax
  jb      label27; j label28
block27:
  jmp     label26
block28:
  leaq 1(%rbx), %rbx
  cmpq $0x4, %rbx
  jb      label29; j label30
block29:
  movq %r13, %r10
  jmp     label21
block30:
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label31
block31:
  movq %rsi, %rax
  shlq $0x4, %rax
  movq %r13, %rcx
  vmovups 0x2100(%rcx, %rax), %xmm0
  vmovups %xmm0, 0x1d4c00(%rcx, %rax)
  leaq 1(%rsi), %rsi
  cmpq $0x40, %rsi
  jb      label32; j label33
block32:
  jmp     label31
block33:
  movq 0x28(%r12), %rax
  movq 0x18(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x1d4c00(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label34; j label35
block34:
  jmp     label58
block35:
  movq 0x28(%r12), %rax
  movq 0x20(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x80(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label36; j label37
block36:
  jmp     label58
block37:
  movq 0x28(%r12), %rax
  movq 0x28(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x80(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label38; j label39
block38:
  jmp     label58
block39:
  movq 0x28(%r12), %rax
  movq 0x30(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x1d5000(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label40; j label41
block40:
  jmp     label58
block41:
  movq 0x28(%r12), %rax
  movq 0x38(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x1d5000(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label42; j label43
block42:
  jmp     label58
block43:
  movq 0x28(%r12), %rax
  movq 0x40(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x1d5080(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label44; j label45
block44:
  jmp     label58
block45:
  movq 0x28(%r12), %rax
  movq 0x48(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x1d4c00(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label46; j label47
block46:
  jmp     label58
block47:
  movq 0x28(%r12), %rax
  movq 0x50(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x200(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label48; j label49
block48:
  jmp     label58
block49:
  movq 0x28(%r12), %rax
  movq 0x58(%rax), %rdi
  movq 0x30(%r12), %rax
  movq %r13, %rcx
  leaq 0x200(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label50; j label51
block50:
  jmp     label58
block51:
  movq 0x28(%r12), %rdx
  movq 0x60(%rdx), %rdi
  movq 0x30(%r12), %r9
  movq %r13, %rcx
  leaq 0xea600(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label52; j label53
block52:
  jmp     label58
block53:
  movq 0x28(%r12), %rsi
  movq 0x68(%rsi), %rdi
  movq 0x30(%r12), %r9
  movq %r13, %rcx
  leaq 0xea600(%rcx), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %r13, %rdx
  movq %r12, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label54; j label55
block54:
  jmp     label58
block55:
  movq 0x28(%r12), %r8
  movq 0x70(%r8), %rdi
  movq 0x30(%r12), %r9
  movq %r13, %rcx
  leaq 0xea600(%rcx), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label56; j label57
block56:
  jmp     label58
block57:
  uninit  %rax
  xorl %eax, %eax
  movq (%rsp), %rbx
  movq 8(%rsp), %r12
  movq 0x10(%rsp), %r13
  addq $0x20, %rsp
  movq %rbp, %rsp
  popq %rbp
  retq
block58:
  movq (%rsp), %rbx
  movq 8(%rsp), %r12
  movq 0x10(%rsp), %r13
  addq $0x20, %rsp
  movq %rbp, %rsp
  popq %rbp
  retq
; call 0 `embeddings` embedding_hidden_mapping_in: m=8 n=32 k=16 target=x86_64-avx2
; avx2_matmul_f32_6x16_k16 lda=16 ldc=32 (657 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,4
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+40h]
    57:  vfmadd231ps ymm2,ymm15,ymm12
    5c:  vfmadd231ps ymm3,ymm15,ymm13
    61:  vbroadcastss ymm14,[rdi+80h]
    6a:  vfmadd231ps ymm4,ymm14,ymm12
    6f:  vfmadd231ps ymm5,ymm14,ymm13
    74:  vbroadcastss ymm15,[rdi+0C0h]
    7d:  vfmadd231ps ymm6,ymm15,ymm12
    82:  vfmadd231ps ymm7,ymm15,ymm13
    87:  vbroadcastss ymm14,[rdi+100h]
    90:  vfmadd231ps ymm8,ymm14,ymm12
    95:  vfmadd231ps ymm9,ymm14,ymm13
    9a:  vbroadcastss ymm15,[rdi+140h]
    a3:  vfmadd231ps ymm10,ymm15,ymm12
    a8:  vfmadd231ps ymm11,ymm15,ymm13
    ad:  vmovups   ymm12,[rsi+80h]
    b5:  vmovups   ymm13,[rsi+0A0h]
    bd:  vbroadcastss ymm14,[rdi+4]
    c3:  vfmadd231ps ymm0,ymm14,ymm12
    c8:  vfmadd231ps ymm1,ymm14,ymm13
    cd:  vbroadcastss ymm15,[rdi+44h]
    d3:  vfmadd231ps ymm2,ymm15,ymm12
    d8:  vfmadd231ps ymm3,ymm15,ymm13
    dd:  vbroadcastss ymm14,[rdi+84h]
    e6:  vfmadd231ps ymm4,ymm14,ymm12
    eb:  vfmadd231ps ymm5,ymm14,ymm13
    f0:  vbroadcastss ymm15,[rdi+0C4h]
    f9:  vfmadd231ps ymm6,ymm15,ymm12
    fe:  vfmadd231ps ymm7,ymm15,ymm13
   103:  vbroadcastss ymm14,[rdi+104h]
   10c:  vfmadd231ps ymm8,ymm14,ymm12
   111:  vfmadd231ps ymm9,ymm14,ymm13
   116:  vbroadcastss ymm15,[rdi+144h]
   11f:  vfmadd231ps ymm10,ymm15,ymm12
   124:  vfmadd231ps ymm11,ymm15,ymm13
   129:  vmovups   ymm12,[rsi+100h]
   131:  vmovups   ymm13,[rsi+120h]
   139:  vbroadcastss ymm14,[rdi+8]
   13f:  vfmadd231ps ymm0,ymm14,ymm12
   144:  vfmadd231ps ymm1,ymm14,ymm13
   149:  vbroadcastss ymm15,[rdi+48h]
   14f:  vfmadd231ps ymm2,ymm15,ymm12
   154:  vfmadd231ps ymm3,ymm15,ymm13
   159:  vbroadcastss ymm14,[rdi+88h]
   162:  vfmadd231ps ymm4,ymm14,ymm12
   167:  vfmadd231ps ymm5,ymm14,ymm13
   16c:  vbroadcastss ymm15,[rdi+0C8h]
   175:  vfmadd231ps ymm6,ymm15,ymm12
   17a:  vfmadd231ps ymm7,ymm15,ymm13
   17f:  vbroadcastss ymm14,[rdi+108h]
   188:  vfmadd231ps ymm8,ymm14,ymm12
   18d:  vfmadd231ps ymm9,ymm14,ymm13
   192:  vbroadcastss ymm15,[rdi+148h]
   19b:  vfmadd231ps ymm10,ymm15,ymm12
   1a0:  vfmadd231ps ymm11,ymm15,ymm13
   1a5:  vmovups   ymm12,[rsi+180h]
   1ad:  vmovups   ymm13,[rsi+1A0h]
   1b5:  vbroadcastss ymm14,[rdi+0Ch]
   1bb:  vfmadd231ps ymm0,ymm14,ymm12
   1c0:  vfmadd231ps ymm1,ymm14,ymm13
   1c5:  vbroadcastss ymm15,[rdi+4Ch]
   1cb:  vfmadd231ps ymm2,ymm15,ymm12
   1d0:  vfmadd231ps ymm3,ymm15,ymm13
   1d5:  vbroadcastss ymm14,[rdi+8Ch]
   1de:  vfmadd231ps ymm4,ymm14,ymm12
   1e3:  vfmadd231ps ymm5,ymm14,ymm13
   1e8:  vbroadcastss ymm15,[rdi+0CCh]
   1f1:  vfmadd231ps ymm6,ymm15,ymm12
   1f6:  vfmadd231ps ymm7,ymm15,ymm13
   1fb:  vbroadcastss ymm14,[rdi+10Ch]
   204:  vfmadd231ps ymm8,ymm14,ymm12
   209:  vfmadd231ps ymm9,ymm14,ymm13
   20e:  vbroadcastss ymm15,[rdi+14Ch]
   217:  vfmadd231ps ymm10,ymm15,ymm12
   21c:  vfmadd231ps ymm11,ymm15,ymm13
   221:  add       rdi,10h
   225:  add       rsi,200h
   22c:  dec       eax
   22e:  jne       0000000000000039h
   234:  vmovups   [rdx],ymm0
   238:  vmovups   [rdx+20h],ymm1
   23d:  vmovups   [rdx+80h],ymm2
   245:  vmovups   [rdx+0A0h],ymm3
   24d:  vmovups   [rdx+100h],ymm4
   255:  vmovups   [rdx+120h],ymm5
   25d:  vmovups   [rdx+180h],ymm6
   265:  vmovups   [rdx+1A0h],ymm7
   26d:  vmovups   [rdx+200h],ymm8
   275:  vmovups   [rdx+220h],ymm9
   27d:  vmovups   [rdx+280h],ymm10
   285:  vmovups   [rdx+2A0h],ymm11
   28d:  vzeroupper
   290:  ret
; call 1 `attention` qkv: m=8 n=96 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x16_k32 lda=32 ldc=96 (669 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,8
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+80h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+100h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+180h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+200h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+280h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+84h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+104h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+184h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+204h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+284h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+88h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+108h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+188h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+208h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+288h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+8Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+10Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+18Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+20Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+28Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+180h],ymm2
   251:  vmovups   [rdx+1A0h],ymm3
   259:  vmovups   [rdx+300h],ymm4
   261:  vmovups   [rdx+320h],ymm5
   269:  vmovups   [rdx+480h],ymm6
   271:  vmovups   [rdx+4A0h],ymm7
   279:  vmovups   [rdx+600h],ymm8
   281:  vmovups   [rdx+620h],ymm9
   289:  vmovups   [rdx+780h],ymm10
   291:  vmovups   [rdx+7A0h],ymm11
   299:  vzeroupper
   29c:  ret
; call 1 `attention` attention.dense: m=8 n=32 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x16_k32 lda=32 ldc=32 (669 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,8
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+80h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+100h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+180h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+200h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+280h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+84h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+104h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+184h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+204h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+284h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+88h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+108h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+188h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+208h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+288h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+8Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+10Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+18Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+20Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+28Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+80h],ymm2
   251:  vmovups   [rdx+0A0h],ymm3
   259:  vmovups   [rdx+100h],ymm4
   261:  vmovups   [rdx+120h],ymm5
   269:  vmovups   [rdx+180h],ymm6
   271:  vmovups   [rdx+1A0h],ymm7
   279:  vmovups   [rdx+200h],ymm8
   281:  vmovups   [rdx+220h],ymm9
   289:  vmovups   [rdx+280h],ymm10
   291:  vmovups   [rdx+2A0h],ymm11
   299:  vzeroupper
   29c:  ret
; call 2 `feed_forward` ffn: m=8 n=64 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x16_k32 lda=32 ldc=64 (669 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,8
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+80h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+100h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+180h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+200h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+280h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+84h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+104h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+184h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+204h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+284h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+88h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+108h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+188h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+208h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+288h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+8Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+10Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+18Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+20Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+28Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+100h],ymm2
   251:  vmovups   [rdx+120h],ymm3
   259:  vmovups   [rdx+200h],ymm4
   261:  vmovups   [rdx+220h],ymm5
   269:  vmovups   [rdx+300h],ymm6
   271:  vmovups   [rdx+320h],ymm7
   279:  vmovups   [rdx+400h],ymm8
   281:  vmovups   [rdx+420h],ymm9
   289:  vmovups   [rdx+500h],ymm10
   291:  vmovups   [rdx+520h],ymm11
   299:  vzeroupper
   29c:  ret
; call 2 `feed_forward` ffn_output: m=8 n=32 k=64 target=x86_64-avx2
; avx2_matmul_f32_6x16_k64 lda=64 ldc=32 (669 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,10h
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+100h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+200h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+300h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+400h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+500h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+104h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+204h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+304h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+404h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+504h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+108h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+208h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+308h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+408h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+508h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+10Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+20Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+30Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+40Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+50Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+80h],ymm2
   251:  vmovups   [rdx+0A0h],ymm3
   259:  vmovups   [rdx+100h],ymm4
   261:  vmovups   [rdx+120h],ymm5
   269:  vmovups   [rdx+180h],ymm6
   271:  vmovups   [rdx+1A0h],ymm7
   279:  vmovups   [rdx+200h],ymm8
   281:  vmovups   [rdx+220h],ymm9
   289:  vmovups   [rdx+280h],ymm10
   291:  vmovups   [rdx+2A0h],ymm11
   299:  vzeroupper
   29c:  ret
; call 4 `matmul` matmul: m=8 n=32 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x16_k32 lda=32 ldc=32 (669 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,8
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+80h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+100h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+180h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+200h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+280h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+84h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+104h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+184h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+204h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+284h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+88h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+108h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+188h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+208h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+288h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+8Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+10Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+18Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+20Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+28Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+80h],ymm2
   251:  vmovups   [rdx+0A0h],ymm3
   259:  vmovups   [rdx+100h],ymm4
   261:  vmovups   [rdx+120h],ymm5
   269:  vmovups   [rdx+180h],ymm6
   271:  vmovups   [rdx+1A0h],ymm7
   279:  vmovups   [rdx+200h],ymm8
   281:  vmovups   [rdx+220h],ymm9
   289:  vmovups   [rdx+280h],ymm10
   291:  vmovups   [rdx+2A0h],ymm11
   299:  vzeroupper
   29c:  ret
; call 7 `matmul` matmul: m=8 n=2 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x2_k32 lda=32 ldc=2 (434 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm2,ymm2,ymm2
     8:  vxorps    ymm4,ymm4,ymm4
     c:  vxorps    ymm6,ymm6,ymm6
    10:  vxorps    ymm8,ymm8,ymm8
    15:  vxorps    ymm10,ymm10,ymm10
    1a:  mov       eax,8
    1f:  vmovups   ymm12,[rsi]
    23:  vbroadcastss ymm14,[rdi]
    28:  vfmadd231ps ymm0,ymm14,ymm12
    2d:  vbroadcastss ymm15,[rdi+80h]
    36:  vfmadd231ps ymm2,ymm15,ymm12
    3b:  vbroadcastss ymm14,[rdi+100h]
    44:  vfmadd231ps ymm4,ymm14,ymm12
    49:  vbroadcastss ymm15,[rdi+180h]
    52:  vfmadd231ps ymm6,ymm15,ymm12
    57:  vbroadcastss ymm14,[rdi+200h]
    60:  vfmadd231ps ymm8,ymm14,ymm12
    65:  vbroadcastss ymm15,[rdi+280h]
    6e:  vfmadd231ps ymm10,ymm15,ymm12
    73:  vmovups   ymm12,[rsi+80h]
    7b:  vbroadcastss ymm14,[rdi+4]
    81:  vfmadd231ps ymm0,ymm14,ymm12
    86:  vbroadcastss ymm15,[rdi+84h]
    8f:  vfmadd231ps ymm2,ymm15,ymm12
    94:  vbroadcastss ymm14,[rdi+104h]
    9d:  vfmadd231ps ymm4,ymm14,ymm12
    a2:  vbroadcastss ymm15,[rdi+184h]
    ab:  vfmadd231ps ymm6,ymm15,ymm12
    b0:  vbroadcastss ymm14,[rdi+204h]
    b9:  vfmadd231ps ymm8,ymm14,ymm12
    be:  vbroadcastss ymm15,[rdi+284h]
    c7:  vfmadd231ps ymm10,ymm15,ymm12
    cc:  vmovups   ymm12,[rsi+100h]
    d4:  vbroadcastss ymm14,[rdi+8]
    da:  vfmadd231ps ymm0,ymm14,ymm12
    df:  vbroadcastss ymm15,[rdi+88h]
    e8:  vfmadd231ps ymm2,ymm15,ymm12
    ed:  vbroadcastss ymm14,[rdi+108h]
    f6:  vfmadd231ps ymm4,ymm14,ymm12
    fb:  vbroadcastss ymm15,[rdi+188h]
   104:  vfmadd231ps ymm6,ymm15,ymm12
   109:  vbroadcastss ymm14,[rdi+208h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vbroadcastss ymm15,[rdi+288h]
   120:  vfmadd231ps ymm10,ymm15,ymm12
   125:  vmovups   ymm12,[rsi+180h]
   12d:  vbroadcastss ymm14,[rdi+0Ch]
   133:  vfmadd231ps ymm0,ymm14,ymm12
   138:  vbroadcastss ymm15,[rdi+8Ch]
   141:  vfmadd231ps ymm2,ymm15,ymm12
   146:  vbroadcastss ymm14,[rdi+10Ch]
   14f:  vfmadd231ps ymm4,ymm14,ymm12
   154:  vbroadcastss ymm15,[rdi+18Ch]
   15d:  vfmadd231ps ymm6,ymm15,ymm12
   162:  vbroadcastss ymm14,[rdi+20Ch]
   16b:  vfmadd231ps ymm8,ymm14,ymm12
   170:  vbroadcastss ymm15,[rdi+28Ch]
   179:  vfmadd231ps ymm10,ymm15,ymm12
   17e:  add       rdi,10h
   182:  add       rsi,200h
   189:  dec       eax
   18b:  jne       000000000000001Fh
   191:  vmovsd    [rdx],xmm0
   195:  vmovsd    [rdx+8],xmm2
   19a:  vmovsd    [rdx+10h],xmm4
   19f:  vmovsd    [rdx+18h],xmm6
   1a4:  vmovsd    [rdx+20h],xmm8
   1a9:  vmovsd    [rdx+28h],xmm10
   1ae:  vzeroupper
   1b1:  ret
; call 9 `matmul` matmul: m=8 n=16 k=32 target=x86_64-avx2
; avx2_matmul_f32_6x16_k32 lda=32 ldc=16 (663 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,8
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+80h]
    5a:  vfmadd231ps ymm2,ymm15,ymm12
    5f:  vfmadd231ps ymm3,ymm15,ymm13
    64:  vbroadcastss ymm14,[rdi+100h]
    6d:  vfmadd231ps ymm4,ymm14,ymm12
    72:  vfmadd231ps ymm5,ymm14,ymm13
    77:  vbroadcastss ymm15,[rdi+180h]
    80:  vfmadd231ps ymm6,ymm15,ymm12
    85:  vfmadd231ps ymm7,ymm15,ymm13
    8a:  vbroadcastss ymm14,[rdi+200h]
    93:  vfmadd231ps ymm8,ymm14,ymm12
    98:  vfmadd231ps ymm9,ymm14,ymm13
    9d:  vbroadcastss ymm15,[rdi+280h]
    a6:  vfmadd231ps ymm10,ymm15,ymm12
    ab:  vfmadd231ps ymm11,ymm15,ymm13
    b0:  vmovups   ymm12,[rsi+80h]
    b8:  vmovups   ymm13,[rsi+0A0h]
    c0:  vbroadcastss ymm14,[rdi+4]
    c6:  vfmadd231ps ymm0,ymm14,ymm12
    cb:  vfmadd231ps ymm1,ymm14,ymm13
    d0:  vbroadcastss ymm15,[rdi+84h]
    d9:  vfmadd231ps ymm2,ymm15,ymm12
    de:  vfmadd231ps ymm3,ymm15,ymm13
    e3:  vbroadcastss ymm14,[rdi+104h]
    ec:  vfmadd231ps ymm4,ymm14,ymm12
    f1:  vfmadd231ps ymm5,ymm14,ymm13
    f6:  vbroadcastss ymm15,[rdi+184h]
    ff:  vfmadd231ps ymm6,ymm15,ymm12
   104:  vfmadd231ps ymm7,ymm15,ymm13
   109:  vbroadcastss ymm14,[rdi+204h]
   112:  vfmadd231ps ymm8,ymm14,ymm12
   117:  vfmadd231ps ymm9,ymm14,ymm13
   11c:  vbroadcastss ymm15,[rdi+284h]
   125:  vfmadd231ps ymm10,ymm15,ymm12
   12a:  vfmadd231ps ymm11,ymm15,ymm13
   12f:  vmovups   ymm12,[rsi+100h]
   137:  vmovups   ymm13,[rsi+120h]
   13f:  vbroadcastss ymm14,[rdi+8]
   145:  vfmadd231ps ymm0,ymm14,ymm12
   14a:  vfmadd231ps ymm1,ymm14,ymm13
   14f:  vbroadcastss ymm15,[rdi+88h]
   158:  vfmadd231ps ymm2,ymm15,ymm12
   15d:  vfmadd231ps ymm3,ymm15,ymm13
   162:  vbroadcastss ymm14,[rdi+108h]
   16b:  vfmadd231ps ymm4,ymm14,ymm12
   170:  vfmadd231ps ymm5,ymm14,ymm13
   175:  vbroadcastss ymm15,[rdi+188h]
   17e:  vfmadd231ps ymm6,ymm15,ymm12
   183:  vfmadd231ps ymm7,ymm15,ymm13
   188:  vbroadcastss ymm14,[rdi+208h]
   191:  vfmadd231ps ymm8,ymm14,ymm12
   196:  vfmadd231ps ymm9,ymm14,ymm13
   19b:  vbroadcastss ymm15,[rdi+288h]
   1a4:  vfmadd231ps ymm10,ymm15,ymm12
   1a9:  vfmadd231ps ymm11,ymm15,ymm13
   1ae:  vmovups   ymm12,[rsi+180h]
   1b6:  vmovups   ymm13,[rsi+1A0h]
   1be:  vbroadcastss ymm14,[rdi+0Ch]
   1c4:  vfmadd231ps ymm0,ymm14,ymm12
   1c9:  vfmadd231ps ymm1,ymm14,ymm13
   1ce:  vbroadcastss ymm15,[rdi+8Ch]
   1d7:  vfmadd231ps ymm2,ymm15,ymm12
   1dc:  vfmadd231ps ymm3,ymm15,ymm13
   1e1:  vbroadcastss ymm14,[rdi+10Ch]
   1ea:  vfmadd231ps ymm4,ymm14,ymm12
   1ef:  vfmadd231ps ymm5,ymm14,ymm13
   1f4:  vbroadcastss ymm15,[rdi+18Ch]
   1fd:  vfmadd231ps ymm6,ymm15,ymm12
   202:  vfmadd231ps ymm7,ymm15,ymm13
   207:  vbroadcastss ymm14,[rdi+20Ch]
   210:  vfmadd231ps ymm8,ymm14,ymm12
   215:  vfmadd231ps ymm9,ymm14,ymm13
   21a:  vbroadcastss ymm15,[rdi+28Ch]
   223:  vfmadd231ps ymm10,ymm15,ymm12
   228:  vfmadd231ps ymm11,ymm15,ymm13
   22d:  add       rdi,10h
   231:  add       rsi,200h
   238:  dec       eax
   23a:  jne       0000000000000039h
   240:  vmovups   [rdx],ymm0
   244:  vmovups   [rdx+20h],ymm1
   249:  vmovups   [rdx+40h],ymm2
   24e:  vmovups   [rdx+60h],ymm3
   253:  vmovups   [rdx+80h],ymm4
   25b:  vmovups   [rdx+0A0h],ymm5
   263:  vmovups   [rdx+0C0h],ymm6
   26b:  vmovups   [rdx+0E0h],ymm7
   273:  vmovups   [rdx+100h],ymm8
   27b:  vmovups   [rdx+120h],ymm9
   283:  vmovups   [rdx+140h],ymm10
   28b:  vmovups   [rdx+160h],ymm11
   293:  vzeroupper
   296:  ret
; call 13 `matmul` matmul: m=8 n=30000 k=16 target=x86_64-avx2
; avx2_matmul_f32_6x16_k16 lda=16 ldc=30000 (657 bytes)
     0:  vxorps    ymm0,ymm0,ymm0
     4:  vxorps    ymm1,ymm1,ymm1
     8:  vxorps    ymm2,ymm2,ymm2
     c:  vxorps    ymm3,ymm3,ymm3
    10:  vxorps    ymm4,ymm4,ymm4
    14:  vxorps    ymm5,ymm5,ymm5
    18:  vxorps    ymm6,ymm6,ymm6
    1c:  vxorps    ymm7,ymm7,ymm7
    20:  vxorps    ymm8,ymm8,ymm8
    25:  vxorps    ymm9,ymm9,ymm9
    2a:  vxorps    ymm10,ymm10,ymm10
    2f:  vxorps    ymm11,ymm11,ymm11
    34:  mov       eax,4
    39:  vmovups   ymm12,[rsi]
    3d:  vmovups   ymm13,[rsi+20h]
    42:  vbroadcastss ymm14,[rdi]
    47:  vfmadd231ps ymm0,ymm14,ymm12
    4c:  vfmadd231ps ymm1,ymm14,ymm13
    51:  vbroadcastss ymm15,[rdi+40h]
    57:  vfmadd231ps ymm2,ymm15,ymm12
    5c:  vfmadd231ps ymm3,ymm15,ymm13
    61:  vbroadcastss ymm14,[rdi+80h]
    6a:  vfmadd231ps ymm4,ymm14,ymm12
    6f:  vfmadd231ps ymm5,ymm14,ymm13
    74:  vbroadcastss ymm15,[rdi+0C0h]
    7d:  vfmadd231ps ymm6,ymm15,ymm12
    82:  vfmadd231ps ymm7,ymm15,ymm13
    87:  vbroadcastss ymm14,[rdi+100h]
    90:  vfmadd231ps ymm8,ymm14,ymm12
    95:  vfmadd231ps ymm9,ymm14,ymm13
    9a:  vbroadcastss ymm15,[rdi+140h]
    a3:  vfmadd231ps ymm10,ymm15,ymm12
    a8:  vfmadd231ps ymm11,ymm15,ymm13
    ad:  vmovups   ymm12,[rsi+80h]
    b5:  vmovups   ymm13,[rsi+0A0h]
    bd:  vbroadcastss ymm14,[rdi+4]
    c3:  vfmadd231ps ymm0,ymm14,ymm12
    c8:  vfmadd231ps ymm1,ymm14,ymm13
    cd:  vbroadcastss ymm15,[rdi+44h]
    d3:  vfmadd231ps ymm2,ymm15,ymm12
    d8:  vfmadd231ps ymm3,ymm15,ymm13
    dd:  vbroadcastss ymm14,[rdi+84h]
    e6:  vfmadd231ps ymm4,ymm14,ymm12
    eb:  vfmadd231ps ymm5,ymm14,ymm13
    f0:  vbroadcastss ymm15,[rdi+0C4h]
    f9:  vfmadd231ps ymm6,ymm15,ymm12
    fe:  vfmadd231ps ymm7,ymm15,ymm13
   103:  vbroadcastss ymm14,[rdi+104h]
   10c:  vfmadd231ps ymm8,ymm14,ymm12
   111:  vfmadd231ps ymm9,ymm14,ymm13
   116:  vbroadcastss ymm15,[rdi+144h]
   11f:  vfmadd231ps ymm10,ymm15,ymm12
   124:  vfmadd231ps ymm11,ymm15,ymm13
   129:  vmovups   ymm12,[rsi+100h]
   131:  vmovups   ymm13,[rsi+120h]
   139:  vbroadcastss ymm14,[rdi+8]
   13f:  vfmadd231ps ymm0,ymm14,ymm12
   144:  vfmadd231ps ymm1,ymm14,ymm13
   149:  vbroadcastss ymm15,[rdi+48h]
   14f:  vfmadd231ps ymm2,ymm15,ymm12
   154:  vfmadd231ps ymm3,ymm15,ymm13
   159:  vbroadcastss ymm14,[rdi+88h]
   162:  vfmadd231ps ymm4,ymm14,ymm12
   167:  vfmadd231ps ymm5,ymm14,ymm13
   16c:  vbroadcastss ymm15,[rdi+0C8h]
   175:  vfmadd231ps ymm6,ymm15,ymm12
   17a:  vfmadd231ps ymm7,ymm15,ymm13
   17f:  vbroadcastss ymm14,[rdi+108h]
   188:  vfmadd231ps ymm8,ymm14,ymm12
   18d:  vfmadd231ps ymm9,ymm14,ymm13
   192:  vbroadcastss ymm15,[rdi+148h]
   19b:  vfmadd231ps ymm10,ymm15,ymm12
   1a0:  vfmadd231ps ymm11,ymm15,ymm13
   1a5:  vmovups   ymm12,[rsi+180h]
   1ad:  vmovups   ymm13,[rsi+1A0h]
   1b5:  vbroadcastss ymm14,[rdi+0Ch]
   1bb:  vfmadd231ps ymm0,ymm14,ymm12
   1c0:  vfmadd231ps ymm1,ymm14,ymm13
   1c5:  vbroadcastss ymm15,[rdi+4Ch]
   1cb:  vfmadd231ps ymm2,ymm15,ymm12
   1d0:  vfmadd231ps ymm3,ymm15,ymm13
   1d5:  vbroadcastss ymm14,[rdi+8Ch]
   1de:  vfmadd231ps ymm4,ymm14,ymm12
   1e3:  vfmadd231ps ymm5,ymm14,ymm13
   1e8:  vbroadcastss ymm15,[rdi+0CCh]
   1f1:  vfmadd231ps ymm6,ymm15,ymm12
   1f6:  vfmadd231ps ymm7,ymm15,ymm13
   1fb:  vbroadcastss ymm14,[rdi+10Ch]
   204:  vfmadd231ps ymm8,ymm14,ymm12
   209:  vfmadd231ps ymm9,ymm14,ymm13
   20e:  vbroadcastss ymm15,[rdi+14Ch]
   217:  vfmadd231ps ymm10,ymm15,ymm12
   21c:  vfmadd231ps ymm11,ymm15,ymm13
   221:  add       rdi,10h
   225:  add       rsi,200h
   22c:  dec       eax
   22e:  jne       0000000000000039h
   234:  vmovups   [rdx],ymm0
   238:  vmovups   [rdx+20h],ymm1
   23d:  vmovups   [rdx+1D4C0h],ymm2
   245:  vmovups   [rdx+1D4E0h],ymm3
   24d:  vmovups   [rdx+3A980h],ymm4
   255:  vmovups   [rdx+3A9A0h],ymm5
   25d:  vmovups   [rdx+57E40h],ymm6
   265:  vmovups   [rdx+57E60h],ymm7
   26d:  vmovups   [rdx+75300h],ymm8
   275:  vmovups   [rdx+75320h],ymm9
   27d:  vmovups   [rdx+927C0h],ymm10
   285:  vmovups   [rdx+927E0h],ymm11
   28d:  vzeroupper
   290:  ret