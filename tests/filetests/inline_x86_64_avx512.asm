; test compile
; A one-layer model's program and AVX-512 tiles (iced-x86), listed on any host.
; model: {"model_type":"albert","vocab_size":10,"embedding_size":4,"hidden_size":32,"num_attention_heads":2,"num_hidden_layers":2,"intermediate_size":64,"hidden_act":"gelu_new","max_position_embeddings":8}
; target: x86_64-avx512
; bucket: 2x4

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
    v153 = iconst.i64 2
    v154 = icmp ult v152, v153  ; v153 = 2
    brif v154, block15(v152), block16

block16:
    v155 = iconst.i64 0
    v156 = iadd.i64 v2, v155  ; v155 = 0
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
    v173 = iconst.i64 1024
    v174 = iadd.i64 v2, v173  ; v173 = 1024
    v175 = iconst.i64 0
    v176 = iconst.i64 0
    v177 = iadd.i64 v2, v176  ; v176 = 0
    v178 = call_indirect sig0, v172(v171, v0, v174, v177, v175)  ; v175 = 0
    brif v178, block1(v178), block23

block23:
    v179 = load.i64 notrap v0+40
    v180 = load.i64 notrap v179+32
    v181 = load.i64 notrap v0+48
    v182 = iconst.i64 1280
    v183 = iadd.i64 v2, v182  ; v182 = 1280
    v184 = iconst.i64 0
    v185 = iconst.i64 1024
    v186 = iadd.i64 v2, v185  ; v185 = 1024
    v187 = call_indirect sig0, v181(v180, v0, v183, v186, v184)  ; v184 = 0
    brif v187, block1(v187), block24

block24:
    v188 = load.i64 notrap v0+40
    v189 = load.i64 notrap v188+40
    v190 = load.i64 notrap v0+48
    v191 = iconst.i64 1024
    v192 = iadd.i64 v2, v191  ; v191 = 1024
    v193 = iconst.i64 0
    v194 = iconst.i64 1280
    v195 = iadd.i64 v2, v194  ; v194 = 1280
    v196 = call_indirect sig0, v190(v189, v0, v192, v195, v193)  ; v193 = 0
    brif v196, block1(v196), block25

block25:
    v197 = load.i64 notrap v0+40
    v198 = load.i64 notrap v197+48
    v199 = load.i64 notrap v0+48
    v200 = iconst.i64 1664
    v201 = iadd.i64 v2, v200  ; v200 = 1664
    v202 = iconst.i64 0
    v203 = iconst.i64 1024
    v204 = iadd.i64 v2, v203  ; v203 = 1024
    v205 = call_indirect sig0, v199(v198, v0, v201, v204, v202)  ; v202 = 0
    brif v205, block1(v205), block26

block26:
    v206 = load.i64 notrap v0+40
    v207 = load.i64 notrap v206+56
    v208 = load.i64 notrap v0+48
    v209 = iconst.i64 1024
    v210 = iadd.i64 v2, v209  ; v209 = 1024
    v211 = iconst.i64 0
    v212 = iconst.i64 1664
    v213 = iadd.i64 v2, v212  ; v212 = 1664
    v214 = call_indirect sig0, v208(v207, v0, v210, v213, v211)  ; v211 = 0
    brif v214, block1(v214), block27

block27:
    v215 = load.i64 notrap v0+40
    v216 = load.i64 notrap v215+64
    v217 = load.i64 notrap v0+48
    v218 = iconst.i64 1920
    v219 = iadd.i64 v2, v218  ; v218 = 1920
    v220 = iconst.i64 0
    v221 = iconst.i64 1024
    v222 = iadd.i64 v2, v221  ; v221 = 1024
    v223 = call_indirect sig0, v217(v216, v0, v219, v222, v220)  ; v220 = 0
    brif v223, block1(v223), block28

block28:
    v224 = load.i64 notrap v0+40
    v225 = load.i64 notrap v224+72
    v226 = load.i64 notrap v0+48
    v227 = iconst.i64 1024
    v228 = iadd.i64 v2, v227  ; v227 = 1024
    v229 = iconst.i64 0
    v230 = iconst.i64 0
    v231 = iadd.i64 v2, v230  ; v230 = 0
    v232 = call_indirect sig0, v226(v225, v0, v228, v231, v229)  ; v229 = 0
    brif v232, block1(v232), block29

block29:
    v233 = load.i64 notrap v0+40
    v234 = load.i64 notrap v233+80
    v235 = load.i64 notrap v0+48
    v236 = iconst.i64 1152
    v237 = iadd.i64 v2, v236  ; v236 = 1152
    v238 = iconst.i64 0
    v239 = iconst.i64 1024
    v240 = iadd.i64 v2, v239  ; v239 = 1024
    v241 = call_indirect sig0, v235(v234, v0, v237, v240, v238)  ; v238 = 0
    brif v241, block1(v241), block30

block30:
    v242 = load.i64 notrap v0+40
    v243 = load.i64 notrap v242+88
    v244 = load.i64 notrap v0+48
    v245 = iconst.i64 1024
    v246 = iadd.i64 v2, v245  ; v245 = 1024
    v247 = iconst.i64 0
    v248 = iconst.i64 1152
    v249 = iadd.i64 v2, v248  ; v248 = 1152
    v250 = call_indirect sig0, v244(v243, v0, v246, v249, v247)  ; v247 = 0
    brif v250, block1(v250), block31

block31:
    v251 = load.i64 notrap v0+40
    v252 = load.i64 notrap v251+96
    v253 = load.i64 notrap v0+48
    v254 = iconst.i64 1344
    v255 = iadd.i64 v2, v254  ; v254 = 1344
    v256 = iconst.i64 0
    v257 = iconst.i64 1024
    v258 = iadd.i64 v2, v257  ; v257 = 1024
    v259 = call_indirect sig0, v253(v252, v0, v255, v258, v256)  ; v256 = 0
    brif v259, block1(v259), block32

block32:
    v260 = load.i64 notrap v0+40
    v261 = load.i64 notrap v260+104
    v262 = load.i64 notrap v0+48
    v263 = iconst.i64 1024
    v264 = iadd.i64 v2, v263  ; v263 = 1024
    v265 = iconst.i64 0
    v266 = iconst.i64 1344
    v267 = iadd.i64 v2, v266  ; v266 = 1344
    v268 = call_indirect sig0, v262(v261, v0, v264, v267, v265)  ; v265 = 0
    brif v268, block1(v268), block33

block33:
    v269 = load.i64 notrap v0+40
    v270 = load.i64 notrap v269+112
    v271 = load.i64 notrap v0+48
    v272 = iconst.i64 1344
    v273 = iadd.i64 v2, v272  ; v272 = 1344
    v274 = iconst.i64 0
    v275 = iconst.i64 1024
    v276 = iadd.i64 v2, v275  ; v275 = 1024
    v277 = call_indirect sig0, v271(v270, v0, v273, v276, v274)  ; v274 = 0
    brif v277, block1(v277), block34

block34:
    v278 = iconst.i32 0
    return v278  ; v278 = 0

block1(v1: i32):
    return v1
}
; program (x86_64-avx512)
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
  movq %rdi, %rbx
  movq (%rdi), %r12
  movq 0x18(%rdi), %rax
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label1
block1:
  uninit  %xmm0
  vxorps %xmm0, %xmm0, %xmm0
  vcvtsi2ssq (%rax, %rsi, 8), %xmm0, %xmm0
  vmovss %xmm0, (%r12, %rsi, 4)
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
  vmovups (%r12, %rcx), %xmm0
  vmovups %xmm0, 0x40(%r12, %rcx)
  leaq 1(%rax), %rax
  cmpq $0x2, %rax
  jb      label5; j label6
block5:
  jmp     label4
block6:
  movl $0x3f800000, %edx
  vmovd %edx, %xmm4
  vmovss %xmm4, 0x80(%r12)
  uninit  %rax
  xorq %rax, %rax
  jmp     label7
block7:
  leaq 0x40(%r12), %rsi
  movl $0x3f800000, %edi
  vmovd %edi, %xmm6
  vsubss (%rsi, %rax, 4), %xmm6, %xmm5
  vmovss %xmm5, (%r12, %rax, 4)
  leaq 1(%rax), %rax
  cmpq $0x8, %rax
  jb      label8; j label9
block8:
  jmp     label7
block9:
  movl $0xff7fffff, %r8d
  vmovd %r8d, %xmm0
  vmovss %xmm0, 0x40(%r12)
  uninit  %rax
  xorq %rax, %rax
  jmp     label10
block10:
  movl $0xff7fffff, %r10d
  vmovd %r10d, %xmm0
  vmulss (%r12, %rax, 4), %xmm0, %xmm0
  vmovss %xmm0, 0x2900(%r12, %rax, 4)
  leaq 1(%rax), %rax
  cmpq $0x8, %rax
  jb      label11; j label12
block11:
  jmp     label10
block12:
  movq %rbx, %rdi
  movq 0x28(%rdi), %rax
  movq (%rax), %rdi
  movq %rbx, %rax
  movq 0x30(%rax), %rax
  movq %rbx, %rcx
  movq 8(%rcx), %rcx
  movq %rbx, %rdx
  movq 0x10(%rdx), %r8
  leaq 0x1d00(%r12), %rdx
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label13; j label14
block13:
  jmp     label58
block14:
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label15
block15:
  movq %rsi, %rax
  shlq $0x4, %rax
  vmovups 0x1d00(%r12, %rax), %xmm0
  vmovups %xmm0, 0x2100(%r12, %rax)
  leaq 1(%rsi), %rsi
  cmpq $0x40, %rsi
  jb      label16; j label17
block16:
  jmp     label15
block17:
  uninit  %rax
  xorq %rax, %rax
  jmp     label18
block18:
  movq %rax, %rcx
  shlq $0x4, %rcx
  vmovups 0x2900(%r12, %rcx), %xmm0
  vmovups %xmm0, 0x2940(%r12, %rcx)
  leaq 1(%rax), %rax
  cmpq $0x2, %rax
  jb      label19; j label20
block19:
  jmp     label18
block20:
  uninit  %r13
  xorq %r13, %r13
  jmp     label21
block21:
  movq 0x28(%rbx), %rax
  movq 8(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x2500(%r12), %rdx
  leaq 0x2100(%r12), %rcx
  leaq 0x2940(%r12), %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label22; j label23
block22:
  jmp     label58
block23:
  movq 0x28(%rbx), %rax
  movq 0x10(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0xc00(%r12), %rdx
  leaq 0x2500(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
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
  vmovups 0xc00(%r12, %rcx), %xmm0
  vmovups %xmm0, 0x2100(%r12, %rcx)
  leaq 1(%rax), %rax
  cmpq $0x40, %rax
  jb      label27; j label28
block27:
  jmp     label26
block28:
  leaq 1(%r13), %r13
  cmpq $0x2, %r13
  jb      label29; j label30
block29:
  jmp     label21
block30:
  uninit  %rsi
  xorq %rsi, %rsi
  jmp     label31
block31:
  movq %rsi, %rax
  shlq $0x4, %rax
  vmovups 0x2100(%r12, %rax), %xmm0
  vmovups %xmm0, (%r12, %rax)
  leaq 1(%rsi), %rsi
  cmpq $0x40, %rsi
  jb      label32; j label33
block32:
  jmp     label31
block33:
  movq 0x28(%rbx), %rax
  movq 0x18(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x400(%r12), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rcx
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label34; j label35
block34:
  jmp     label58
block35:
  movq 0x28(%rbx), %rax
  movq 0x20(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x500(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label36; j label37
block36:
  jmp     label58
block37:
  movq 0x28(%rbx), %rax
  movq 0x28(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x400(%r12), %rdx
  leaq 0x500(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label38; j label39
block38:
  jmp     label58
block39:
  movq 0x28(%rbx), %rax
  movq 0x30(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x680(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label40; j label41
block40:
  jmp     label58
block41:
  movq 0x28(%rbx), %rax
  movq 0x38(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x400(%r12), %rdx
  leaq 0x680(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label42; j label43
block42:
  jmp     label58
block43:
  movq 0x28(%rbx), %rax
  movq 0x40(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x780(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label44; j label45
block44:
  jmp     label58
block45:
  movq 0x28(%rbx), %rsi
  movq 0x48(%rsi), %rdi
  movq 0x30(%rbx), %r9
  leaq 0x400(%r12), %rdx
  uninit  %r8
  xorq %r8, %r8
  movq %r12, %rcx
  movq %rbx, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label46; j label47
block46:
  jmp     label58
block47:
  movq 0x28(%rbx), %rsi
  movq 0x50(%rsi), %rdi
  movq 0x30(%rbx), %r9
  leaq 0x480(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label48; j label49
block48:
  jmp     label58
block49:
  movq 0x28(%rbx), %r9
  movq 0x58(%r9), %rdi
  movq 0x30(%rbx), %r9
  leaq 0x400(%r12), %rdx
  leaq 0x480(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%r9
  testl %eax, %eax
  jnz     label50; j label51
block50:
  jmp     label58
block51:
  movq 0x28(%rbx), %rax
  movq 0x60(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x540(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label52; j label53
block52:
  jmp     label58
block53:
  movq 0x28(%rbx), %rax
  movq 0x68(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x400(%r12), %rdx
  leaq 0x540(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
  testl %eax, %eax
  jnz     label54; j label55
block54:
  jmp     label58
block55:
  movq 0x28(%rbx), %rax
  movq 0x70(%rax), %rdi
  movq 0x30(%rbx), %rax
  leaq 0x540(%r12), %rdx
  leaq 0x400(%r12), %rcx
  uninit  %r8
  xorq %r8, %r8
  movq %rbx, %rsi
  call    *%rax
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
; call 0 `embeddings` embedding_hidden_mapping_in: m=8 n=32 k=4 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=4 lda=4 ldc=32 ldr=32 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1332 bytes)
     0:  push      rbx
     1:  mov       r11,10h
     b:  mov       rax,30h
    15:  lea       r9,[rdi+50h]
    19:  lea       r10,[rdi+0A0h]
    20:  vpxord    zmm0,zmm0,zmm0
    26:  vpxord    zmm1,zmm1,zmm1
    2c:  vpxord    zmm2,zmm2,zmm2
    32:  vpxord    zmm3,zmm3,zmm3
    38:  vpxord    zmm4,zmm4,zmm4
    3e:  vpxord    zmm5,zmm5,zmm5
    44:  vpxord    zmm6,zmm6,zmm6
    4a:  vpxord    zmm7,zmm7,zmm7
    50:  vpxord    zmm8,zmm8,zmm8
    56:  vpxord    zmm9,zmm9,zmm9
    5c:  vpxord    zmm10,zmm10,zmm10
    62:  vpxord    zmm11,zmm11,zmm11
    68:  vpxord    zmm12,zmm12,zmm12
    6e:  vpxord    zmm13,zmm13,zmm13
    74:  vpxord    zmm14,zmm14,zmm14
    7a:  vpxord    zmm15,zmm15,zmm15
    80:  vpxord    zmm16,zmm16,zmm16
    86:  vpxord    zmm17,zmm17,zmm17
    8c:  vpxord    zmm18,zmm18,zmm18
    92:  vpxord    zmm19,zmm19,zmm19
    98:  vpxord    zmm20,zmm20,zmm20
    9e:  vpxord    zmm21,zmm21,zmm21
    a4:  vpxord    zmm22,zmm22,zmm22
    aa:  vpxord    zmm23,zmm23,zmm23
    b0:  vpxord    zmm24,zmm24,zmm24
    b6:  vpxord    zmm25,zmm25,zmm25
    bc:  vpxord    zmm26,zmm26,zmm26
    c2:  vpxord    zmm27,zmm27,zmm27
    c8:  mov       ebx,1
    cd:  vmovups   zmm28,[rsi]
    d3:  vmovups   zmm29,[rsi+40h]
    da:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e0:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e6:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    ed:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f4:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fb:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   102:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   109:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   110:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   117:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   11e:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   124:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12a:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   131:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   138:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   13f:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   146:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   14d:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   154:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15b:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   162:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   168:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   16e:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   175:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17c:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   183:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18a:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   191:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   198:  vmovups   zmm28,[rsi+80h]
   19f:  vmovups   zmm29,[rsi+0C0h]
   1a6:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1ad:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b4:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bc:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c4:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cc:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d4:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1dc:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e4:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ec:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f4:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fb:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   202:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20a:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   212:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21a:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   222:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22a:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   232:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23a:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   242:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   249:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   250:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   258:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   260:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   268:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   270:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   278:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   280:  vmovups   zmm28,[rsi+100h]
   287:  vmovups   zmm29,[rsi+140h]
   28e:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   295:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29c:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a4:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2ac:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b4:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bc:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c4:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cc:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d4:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2dc:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e3:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ea:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f2:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fa:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   302:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30a:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   312:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31a:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   322:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32a:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   331:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   338:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   340:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   348:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   350:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   358:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   360:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   368:  vmovups   zmm28,[rsi+180h]
   36f:  vmovups   zmm29,[rsi+1C0h]
   376:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   37d:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   384:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38c:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   394:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39c:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a4:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3ac:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b4:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bc:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c4:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3cb:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d2:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3da:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e2:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ea:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f2:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fa:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   402:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40a:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   412:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   419:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   420:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   428:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   430:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   438:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   440:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   448:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   450:  add       rsi,200h
   457:  add       rdi,10h
   45b:  add       r9,10h
   45f:  add       r10,10h
   463:  sub       ebx,1
   466:  jne       00000000000000CDh
   46c:  vmovups   [rdx],zmm0
   472:  vmovups   [rdx+40h],zmm1
   479:  vmovups   [rdx+80h],zmm2
   480:  vmovups   [rdx+0C0h],zmm3
   487:  vmovups   [rdx+100h],zmm4
   48e:  vmovups   [rdx+140h],zmm5
   495:  vmovups   [rdx+180h],zmm6
   49c:  vmovups   [rdx+1C0h],zmm7
   4a3:  vmovups   [rdx+200h],zmm8
   4aa:  vmovups   [rdx+240h],zmm9
   4b1:  vmovups   [rdx+280h],zmm10
   4b8:  vmovups   [rdx+2C0h],zmm11
   4bf:  vmovups   [rdx+300h],zmm12
   4c6:  vmovups   [rdx+340h],zmm13
   4cd:  vmovups   [rdx+380h],zmm14
   4d4:  vmovups   [rdx+3C0h],zmm15
   4db:  vmovups   [rdx+400h],zmm16
   4e2:  vmovups   [rdx+440h],zmm17
   4e9:  vmovups   [rdx+480h],zmm18
   4f0:  vmovups   [rdx+4C0h],zmm19
   4f7:  vmovups   [rdx+500h],zmm20
   4fe:  vmovups   [rdx+540h],zmm21
   505:  vmovups   [rdx+580h],zmm22
   50c:  vmovups   [rdx+5C0h],zmm23
   513:  vmovups   [rdx+600h],zmm24
   51a:  vmovups   [rdx+640h],zmm25
   521:  vmovups   [rdx+680h],zmm26
   528:  vmovups   [rdx+6C0h],zmm27
   52f:  vzeroupper
   532:  pop       rbx
   533:  ret
; call 1 `attention` qkv: m=8 n=96 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=96 ldr=96 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1335 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+180h],zmm2
   483:  vmovups   [rdx+1C0h],zmm3
   48a:  vmovups   [rdx+300h],zmm4
   491:  vmovups   [rdx+340h],zmm5
   498:  vmovups   [rdx+480h],zmm6
   49f:  vmovups   [rdx+4C0h],zmm7
   4a6:  vmovups   [rdx+600h],zmm8
   4ad:  vmovups   [rdx+640h],zmm9
   4b4:  vmovups   [rdx+780h],zmm10
   4bb:  vmovups   [rdx+7C0h],zmm11
   4c2:  vmovups   [rdx+900h],zmm12
   4c9:  vmovups   [rdx+940h],zmm13
   4d0:  vmovups   [rdx+0A80h],zmm14
   4d7:  vmovups   [rdx+0AC0h],zmm15
   4de:  vmovups   [rdx+0C00h],zmm16
   4e5:  vmovups   [rdx+0C40h],zmm17
   4ec:  vmovups   [rdx+0D80h],zmm18
   4f3:  vmovups   [rdx+0DC0h],zmm19
   4fa:  vmovups   [rdx+0F00h],zmm20
   501:  vmovups   [rdx+0F40h],zmm21
   508:  vmovups   [rdx+1080h],zmm22
   50f:  vmovups   [rdx+10C0h],zmm23
   516:  vmovups   [rdx+1200h],zmm24
   51d:  vmovups   [rdx+1240h],zmm25
   524:  vmovups   [rdx+1380h],zmm26
   52b:  vmovups   [rdx+13C0h],zmm27
   532:  vzeroupper
   535:  pop       rbx
   536:  ret
; call 1 `attention` attention.dense: m=8 n=32 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=32 ldr=32 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1335 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+80h],zmm2
   483:  vmovups   [rdx+0C0h],zmm3
   48a:  vmovups   [rdx+100h],zmm4
   491:  vmovups   [rdx+140h],zmm5
   498:  vmovups   [rdx+180h],zmm6
   49f:  vmovups   [rdx+1C0h],zmm7
   4a6:  vmovups   [rdx+200h],zmm8
   4ad:  vmovups   [rdx+240h],zmm9
   4b4:  vmovups   [rdx+280h],zmm10
   4bb:  vmovups   [rdx+2C0h],zmm11
   4c2:  vmovups   [rdx+300h],zmm12
   4c9:  vmovups   [rdx+340h],zmm13
   4d0:  vmovups   [rdx+380h],zmm14
   4d7:  vmovups   [rdx+3C0h],zmm15
   4de:  vmovups   [rdx+400h],zmm16
   4e5:  vmovups   [rdx+440h],zmm17
   4ec:  vmovups   [rdx+480h],zmm18
   4f3:  vmovups   [rdx+4C0h],zmm19
   4fa:  vmovups   [rdx+500h],zmm20
   501:  vmovups   [rdx+540h],zmm21
   508:  vmovups   [rdx+580h],zmm22
   50f:  vmovups   [rdx+5C0h],zmm23
   516:  vmovups   [rdx+600h],zmm24
   51d:  vmovups   [rdx+640h],zmm25
   524:  vmovups   [rdx+680h],zmm26
   52b:  vmovups   [rdx+6C0h],zmm27
   532:  vzeroupper
   535:  pop       rbx
   536:  ret
; call 2 `feed_forward` ffn: m=8 n=64 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=64 ldr=64 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1335 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+100h],zmm2
   483:  vmovups   [rdx+140h],zmm3
   48a:  vmovups   [rdx+200h],zmm4
   491:  vmovups   [rdx+240h],zmm5
   498:  vmovups   [rdx+300h],zmm6
   49f:  vmovups   [rdx+340h],zmm7
   4a6:  vmovups   [rdx+400h],zmm8
   4ad:  vmovups   [rdx+440h],zmm9
   4b4:  vmovups   [rdx+500h],zmm10
   4bb:  vmovups   [rdx+540h],zmm11
   4c2:  vmovups   [rdx+600h],zmm12
   4c9:  vmovups   [rdx+640h],zmm13
   4d0:  vmovups   [rdx+700h],zmm14
   4d7:  vmovups   [rdx+740h],zmm15
   4de:  vmovups   [rdx+800h],zmm16
   4e5:  vmovups   [rdx+840h],zmm17
   4ec:  vmovups   [rdx+900h],zmm18
   4f3:  vmovups   [rdx+940h],zmm19
   4fa:  vmovups   [rdx+0A00h],zmm20
   501:  vmovups   [rdx+0A40h],zmm21
   508:  vmovups   [rdx+0B00h],zmm22
   50f:  vmovups   [rdx+0B40h],zmm23
   516:  vmovups   [rdx+0C00h],zmm24
   51d:  vmovups   [rdx+0C40h],zmm25
   524:  vmovups   [rdx+0D00h],zmm26
   52b:  vmovups   [rdx+0D40h],zmm27
   532:  vzeroupper
   535:  pop       rbx
   536:  ret
; call 2 `feed_forward` ffn_output: m=8 n=32 k=64 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=64 lda=64 ldc=32 ldr=32 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1335 bytes)
     0:  push      rbx
     1:  mov       r11,100h
     b:  mov       rax,300h
    15:  lea       r9,[rdi+500h]
    1c:  lea       r10,[rdi+0A00h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,10h
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+80h],zmm2
   483:  vmovups   [rdx+0C0h],zmm3
   48a:  vmovups   [rdx+100h],zmm4
   491:  vmovups   [rdx+140h],zmm5
   498:  vmovups   [rdx+180h],zmm6
   49f:  vmovups   [rdx+1C0h],zmm7
   4a6:  vmovups   [rdx+200h],zmm8
   4ad:  vmovups   [rdx+240h],zmm9
   4b4:  vmovups   [rdx+280h],zmm10
   4bb:  vmovups   [rdx+2C0h],zmm11
   4c2:  vmovups   [rdx+300h],zmm12
   4c9:  vmovups   [rdx+340h],zmm13
   4d0:  vmovups   [rdx+380h],zmm14
   4d7:  vmovups   [rdx+3C0h],zmm15
   4de:  vmovups   [rdx+400h],zmm16
   4e5:  vmovups   [rdx+440h],zmm17
   4ec:  vmovups   [rdx+480h],zmm18
   4f3:  vmovups   [rdx+4C0h],zmm19
   4fa:  vmovups   [rdx+500h],zmm20
   501:  vmovups   [rdx+540h],zmm21
   508:  vmovups   [rdx+580h],zmm22
   50f:  vmovups   [rdx+5C0h],zmm23
   516:  vmovups   [rdx+600h],zmm24
   51d:  vmovups   [rdx+640h],zmm25
   524:  vmovups   [rdx+680h],zmm26
   52b:  vmovups   [rdx+6C0h],zmm27
   532:  vzeroupper
   535:  pop       rbx
   536:  ret
; call 4 `matmul` matmul: m=8 n=32 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=32 ldr=32 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1335 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+80h],zmm2
   483:  vmovups   [rdx+0C0h],zmm3
   48a:  vmovups   [rdx+100h],zmm4
   491:  vmovups   [rdx+140h],zmm5
   498:  vmovups   [rdx+180h],zmm6
   49f:  vmovups   [rdx+1C0h],zmm7
   4a6:  vmovups   [rdx+200h],zmm8
   4ad:  vmovups   [rdx+240h],zmm9
   4b4:  vmovups   [rdx+280h],zmm10
   4bb:  vmovups   [rdx+2C0h],zmm11
   4c2:  vmovups   [rdx+300h],zmm12
   4c9:  vmovups   [rdx+340h],zmm13
   4d0:  vmovups   [rdx+380h],zmm14
   4d7:  vmovups   [rdx+3C0h],zmm15
   4de:  vmovups   [rdx+400h],zmm16
   4e5:  vmovups   [rdx+440h],zmm17
   4ec:  vmovups   [rdx+480h],zmm18
   4f3:  vmovups   [rdx+4C0h],zmm19
   4fa:  vmovups   [rdx+500h],zmm20
   501:  vmovups   [rdx+540h],zmm21
   508:  vmovups   [rdx+580h],zmm22
   50f:  vmovups   [rdx+5C0h],zmm23
   516:  vmovups   [rdx+600h],zmm24
   51d:  vmovups   [rdx+640h],zmm25
   524:  vmovups   [rdx+680h],zmm26
   52b:  vmovups   [rdx+6C0h],zmm27
   532:  vzeroupper
   535:  pop       rbx
   536:  ret
; call 7 `matmul` matmul: m=8 n=2 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=2 ldr=2 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1407 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+8],zmm2
   486:  vmovups   [rdx+48h],zmm3
   490:  vmovups   [rdx+10h],zmm4
   49a:  vmovups   [rdx+50h],zmm5
   4a4:  vmovups   [rdx+18h],zmm6
   4ae:  vmovups   [rdx+58h],zmm7
   4b8:  vmovups   [rdx+20h],zmm8
   4c2:  vmovups   [rdx+60h],zmm9
   4cc:  vmovups   [rdx+28h],zmm10
   4d6:  vmovups   [rdx+68h],zmm11
   4e0:  vmovups   [rdx+30h],zmm12
   4ea:  vmovups   [rdx+70h],zmm13
   4f4:  vmovups   [rdx+38h],zmm14
   4fe:  vmovups   [rdx+78h],zmm15
   508:  vmovups   [rdx+40h],zmm16
   50f:  vmovups   [rdx+80h],zmm17
   516:  vmovups   [rdx+48h],zmm18
   520:  vmovups   [rdx+88h],zmm19
   52a:  vmovups   [rdx+50h],zmm20
   534:  vmovups   [rdx+90h],zmm21
   53e:  vmovups   [rdx+58h],zmm22
   548:  vmovups   [rdx+98h],zmm23
   552:  vmovups   [rdx+60h],zmm24
   55c:  vmovups   [rdx+0A0h],zmm25
   566:  vmovups   [rdx+68h],zmm26
   570:  vmovups   [rdx+0A8h],zmm27
   57a:  vzeroupper
   57d:  pop       rbx
   57e:  ret
; call 9 `matmul` matmul: m=8 n=4 k=32 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=32 lda=32 ldc=4 ldr=4 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1395 bytes)
     0:  push      rbx
     1:  mov       r11,80h
     b:  mov       rax,180h
    15:  lea       r9,[rdi+280h]
    1c:  lea       r10,[rdi+500h]
    23:  vpxord    zmm0,zmm0,zmm0
    29:  vpxord    zmm1,zmm1,zmm1
    2f:  vpxord    zmm2,zmm2,zmm2
    35:  vpxord    zmm3,zmm3,zmm3
    3b:  vpxord    zmm4,zmm4,zmm4
    41:  vpxord    zmm5,zmm5,zmm5
    47:  vpxord    zmm6,zmm6,zmm6
    4d:  vpxord    zmm7,zmm7,zmm7
    53:  vpxord    zmm8,zmm8,zmm8
    59:  vpxord    zmm9,zmm9,zmm9
    5f:  vpxord    zmm10,zmm10,zmm10
    65:  vpxord    zmm11,zmm11,zmm11
    6b:  vpxord    zmm12,zmm12,zmm12
    71:  vpxord    zmm13,zmm13,zmm13
    77:  vpxord    zmm14,zmm14,zmm14
    7d:  vpxord    zmm15,zmm15,zmm15
    83:  vpxord    zmm16,zmm16,zmm16
    89:  vpxord    zmm17,zmm17,zmm17
    8f:  vpxord    zmm18,zmm18,zmm18
    95:  vpxord    zmm19,zmm19,zmm19
    9b:  vpxord    zmm20,zmm20,zmm20
    a1:  vpxord    zmm21,zmm21,zmm21
    a7:  vpxord    zmm22,zmm22,zmm22
    ad:  vpxord    zmm23,zmm23,zmm23
    b3:  vpxord    zmm24,zmm24,zmm24
    b9:  vpxord    zmm25,zmm25,zmm25
    bf:  vpxord    zmm26,zmm26,zmm26
    c5:  vpxord    zmm27,zmm27,zmm27
    cb:  mov       ebx,8
    d0:  vmovups   zmm28,[rsi]
    d6:  vmovups   zmm29,[rsi+40h]
    dd:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e3:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e9:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    f0:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fe:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   105:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   10c:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   113:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   11a:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   121:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   127:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12d:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   134:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   13b:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   142:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   149:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   150:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   157:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15e:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   165:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   16b:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   171:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   178:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17f:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   186:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18d:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   194:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   19b:  vmovups   zmm28,[rsi+80h]
   1a2:  vmovups   zmm29,[rsi+0C0h]
   1a9:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1b0:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b7:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bf:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c7:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cf:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d7:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1df:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ef:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f7:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fe:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   205:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20d:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   215:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21d:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   225:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22d:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   235:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   245:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   24c:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   253:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   25b:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   263:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   26b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   273:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   27b:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   283:  vmovups   zmm28,[rsi+100h]
   28a:  vmovups   zmm29,[rsi+140h]
   291:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   298:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29f:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a7:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2af:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b7:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bf:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c7:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cf:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d7:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2df:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e6:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ed:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f5:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fd:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   305:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30d:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   315:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31d:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   325:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32d:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   334:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   33b:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   343:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   34b:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   353:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   35b:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   363:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   36b:  vmovups   zmm28,[rsi+180h]
   372:  vmovups   zmm29,[rsi+1C0h]
   379:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   380:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   387:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38f:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   397:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39f:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a7:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3af:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b7:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bf:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c7:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3ce:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d5:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3dd:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e5:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ed:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f5:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fd:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   405:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40d:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   415:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   41c:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   423:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   42b:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   433:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   43b:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   443:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   44b:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   453:  add       rsi,200h
   45a:  add       rdi,10h
   45e:  add       r9,10h
   462:  add       r10,10h
   466:  sub       ebx,1
   469:  jne       00000000000000D0h
   46f:  vmovups   [rdx],zmm0
   475:  vmovups   [rdx+40h],zmm1
   47c:  vmovups   [rdx+10h],zmm2
   486:  vmovups   [rdx+50h],zmm3
   490:  vmovups   [rdx+20h],zmm4
   49a:  vmovups   [rdx+60h],zmm5
   4a4:  vmovups   [rdx+30h],zmm6
   4ae:  vmovups   [rdx+70h],zmm7
   4b8:  vmovups   [rdx+40h],zmm8
   4bf:  vmovups   [rdx+80h],zmm9
   4c6:  vmovups   [rdx+50h],zmm10
   4d0:  vmovups   [rdx+90h],zmm11
   4da:  vmovups   [rdx+60h],zmm12
   4e4:  vmovups   [rdx+0A0h],zmm13
   4ee:  vmovups   [rdx+70h],zmm14
   4f8:  vmovups   [rdx+0B0h],zmm15
   502:  vmovups   [rdx+80h],zmm16
   509:  vmovups   [rdx+0C0h],zmm17
   510:  vmovups   [rdx+90h],zmm18
   51a:  vmovups   [rdx+0D0h],zmm19
   524:  vmovups   [rdx+0A0h],zmm20
   52e:  vmovups   [rdx+0E0h],zmm21
   538:  vmovups   [rdx+0B0h],zmm22
   542:  vmovups   [rdx+0F0h],zmm23
   54c:  vmovups   [rdx+0C0h],zmm24
   553:  vmovups   [rdx+100h],zmm25
   55a:  vmovups   [rdx+0D0h],zmm26
   564:  vmovups   [rdx+110h],zmm27
   56e:  vzeroupper
   571:  pop       rbx
   572:  ret
; call 13 `matmul` matmul: m=8 n=10 k=4 target=x86_64-avx512
; avx512_matmul_f32_14x32 kc=4 lda=4 ldc=10 ldr=10 load_c=false bias=false act=Identity residual=false b_prefetch=0 (1404 bytes)
     0:  push      rbx
     1:  mov       r11,10h
     b:  mov       rax,30h
    15:  lea       r9,[rdi+50h]
    19:  lea       r10,[rdi+0A0h]
    20:  vpxord    zmm0,zmm0,zmm0
    26:  vpxord    zmm1,zmm1,zmm1
    2c:  vpxord    zmm2,zmm2,zmm2
    32:  vpxord    zmm3,zmm3,zmm3
    38:  vpxord    zmm4,zmm4,zmm4
    3e:  vpxord    zmm5,zmm5,zmm5
    44:  vpxord    zmm6,zmm6,zmm6
    4a:  vpxord    zmm7,zmm7,zmm7
    50:  vpxord    zmm8,zmm8,zmm8
    56:  vpxord    zmm9,zmm9,zmm9
    5c:  vpxord    zmm10,zmm10,zmm10
    62:  vpxord    zmm11,zmm11,zmm11
    68:  vpxord    zmm12,zmm12,zmm12
    6e:  vpxord    zmm13,zmm13,zmm13
    74:  vpxord    zmm14,zmm14,zmm14
    7a:  vpxord    zmm15,zmm15,zmm15
    80:  vpxord    zmm16,zmm16,zmm16
    86:  vpxord    zmm17,zmm17,zmm17
    8c:  vpxord    zmm18,zmm18,zmm18
    92:  vpxord    zmm19,zmm19,zmm19
    98:  vpxord    zmm20,zmm20,zmm20
    9e:  vpxord    zmm21,zmm21,zmm21
    a4:  vpxord    zmm22,zmm22,zmm22
    aa:  vpxord    zmm23,zmm23,zmm23
    b0:  vpxord    zmm24,zmm24,zmm24
    b6:  vpxord    zmm25,zmm25,zmm25
    bc:  vpxord    zmm26,zmm26,zmm26
    c2:  vpxord    zmm27,zmm27,zmm27
    c8:  mov       ebx,1
    cd:  vmovups   zmm28,[rsi]
    d3:  vmovups   zmm29,[rsi+40h]
    da:  vfmadd231ps zmm0,zmm28,[rdi]{1to16}
    e0:  vfmadd231ps zmm1,zmm29,[rdi]{1to16}
    e6:  vfmadd231ps zmm2,zmm28,[rdi+r11]{1to16}
    ed:  vfmadd231ps zmm3,zmm29,[rdi+r11]{1to16}
    f4:  vfmadd231ps zmm4,zmm28,[rdi+r11*2]{1to16}
    fb:  vfmadd231ps zmm5,zmm29,[rdi+r11*2]{1to16}
   102:  vfmadd231ps zmm6,zmm28,[rdi+rax]{1to16}
   109:  vfmadd231ps zmm7,zmm29,[rdi+rax]{1to16}
   110:  vfmadd231ps zmm8,zmm28,[rdi+r11*4]{1to16}
   117:  vfmadd231ps zmm9,zmm29,[rdi+r11*4]{1to16}
   11e:  vfmadd231ps zmm10,zmm28,[r9]{1to16}
   124:  vfmadd231ps zmm11,zmm29,[r9]{1to16}
   12a:  vfmadd231ps zmm12,zmm28,[r9+r11]{1to16}
   131:  vfmadd231ps zmm13,zmm29,[r9+r11]{1to16}
   138:  vfmadd231ps zmm14,zmm28,[r9+r11*2]{1to16}
   13f:  vfmadd231ps zmm15,zmm29,[r9+r11*2]{1to16}
   146:  vfmadd231ps zmm16,zmm28,[r9+rax]{1to16}
   14d:  vfmadd231ps zmm17,zmm29,[r9+rax]{1to16}
   154:  vfmadd231ps zmm18,zmm28,[r9+r11*4]{1to16}
   15b:  vfmadd231ps zmm19,zmm29,[r9+r11*4]{1to16}
   162:  vfmadd231ps zmm20,zmm28,[r10]{1to16}
   168:  vfmadd231ps zmm21,zmm29,[r10]{1to16}
   16e:  vfmadd231ps zmm22,zmm28,[r10+r11]{1to16}
   175:  vfmadd231ps zmm23,zmm29,[r10+r11]{1to16}
   17c:  vfmadd231ps zmm24,zmm28,[r10+r11*2]{1to16}
   183:  vfmadd231ps zmm25,zmm29,[r10+r11*2]{1to16}
   18a:  vfmadd231ps zmm26,zmm28,[r10+rax]{1to16}
   191:  vfmadd231ps zmm27,zmm29,[r10+rax]{1to16}
   198:  vmovups   zmm28,[rsi+80h]
   19f:  vmovups   zmm29,[rsi+0C0h]
   1a6:  vfmadd231ps zmm0,zmm28,[rdi+4]{1to16}
   1ad:  vfmadd231ps zmm1,zmm29,[rdi+4]{1to16}
   1b4:  vfmadd231ps zmm2,zmm28,[rdi+r11+4]{1to16}
   1bc:  vfmadd231ps zmm3,zmm29,[rdi+r11+4]{1to16}
   1c4:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+4]{1to16}
   1cc:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+4]{1to16}
   1d4:  vfmadd231ps zmm6,zmm28,[rdi+rax+4]{1to16}
   1dc:  vfmadd231ps zmm7,zmm29,[rdi+rax+4]{1to16}
   1e4:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+4]{1to16}
   1ec:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+4]{1to16}
   1f4:  vfmadd231ps zmm10,zmm28,[r9+4]{1to16}
   1fb:  vfmadd231ps zmm11,zmm29,[r9+4]{1to16}
   202:  vfmadd231ps zmm12,zmm28,[r9+r11+4]{1to16}
   20a:  vfmadd231ps zmm13,zmm29,[r9+r11+4]{1to16}
   212:  vfmadd231ps zmm14,zmm28,[r9+r11*2+4]{1to16}
   21a:  vfmadd231ps zmm15,zmm29,[r9+r11*2+4]{1to16}
   222:  vfmadd231ps zmm16,zmm28,[r9+rax+4]{1to16}
   22a:  vfmadd231ps zmm17,zmm29,[r9+rax+4]{1to16}
   232:  vfmadd231ps zmm18,zmm28,[r9+r11*4+4]{1to16}
   23a:  vfmadd231ps zmm19,zmm29,[r9+r11*4+4]{1to16}
   242:  vfmadd231ps zmm20,zmm28,[r10+4]{1to16}
   249:  vfmadd231ps zmm21,zmm29,[r10+4]{1to16}
   250:  vfmadd231ps zmm22,zmm28,[r10+r11+4]{1to16}
   258:  vfmadd231ps zmm23,zmm29,[r10+r11+4]{1to16}
   260:  vfmadd231ps zmm24,zmm28,[r10+r11*2+4]{1to16}
   268:  vfmadd231ps zmm25,zmm29,[r10+r11*2+4]{1to16}
   270:  vfmadd231ps zmm26,zmm28,[r10+rax+4]{1to16}
   278:  vfmadd231ps zmm27,zmm29,[r10+rax+4]{1to16}
   280:  vmovups   zmm28,[rsi+100h]
   287:  vmovups   zmm29,[rsi+140h]
   28e:  vfmadd231ps zmm0,zmm28,[rdi+8]{1to16}
   295:  vfmadd231ps zmm1,zmm29,[rdi+8]{1to16}
   29c:  vfmadd231ps zmm2,zmm28,[rdi+r11+8]{1to16}
   2a4:  vfmadd231ps zmm3,zmm29,[rdi+r11+8]{1to16}
   2ac:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+8]{1to16}
   2b4:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+8]{1to16}
   2bc:  vfmadd231ps zmm6,zmm28,[rdi+rax+8]{1to16}
   2c4:  vfmadd231ps zmm7,zmm29,[rdi+rax+8]{1to16}
   2cc:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+8]{1to16}
   2d4:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+8]{1to16}
   2dc:  vfmadd231ps zmm10,zmm28,[r9+8]{1to16}
   2e3:  vfmadd231ps zmm11,zmm29,[r9+8]{1to16}
   2ea:  vfmadd231ps zmm12,zmm28,[r9+r11+8]{1to16}
   2f2:  vfmadd231ps zmm13,zmm29,[r9+r11+8]{1to16}
   2fa:  vfmadd231ps zmm14,zmm28,[r9+r11*2+8]{1to16}
   302:  vfmadd231ps zmm15,zmm29,[r9+r11*2+8]{1to16}
   30a:  vfmadd231ps zmm16,zmm28,[r9+rax+8]{1to16}
   312:  vfmadd231ps zmm17,zmm29,[r9+rax+8]{1to16}
   31a:  vfmadd231ps zmm18,zmm28,[r9+r11*4+8]{1to16}
   322:  vfmadd231ps zmm19,zmm29,[r9+r11*4+8]{1to16}
   32a:  vfmadd231ps zmm20,zmm28,[r10+8]{1to16}
   331:  vfmadd231ps zmm21,zmm29,[r10+8]{1to16}
   338:  vfmadd231ps zmm22,zmm28,[r10+r11+8]{1to16}
   340:  vfmadd231ps zmm23,zmm29,[r10+r11+8]{1to16}
   348:  vfmadd231ps zmm24,zmm28,[r10+r11*2+8]{1to16}
   350:  vfmadd231ps zmm25,zmm29,[r10+r11*2+8]{1to16}
   358:  vfmadd231ps zmm26,zmm28,[r10+rax+8]{1to16}
   360:  vfmadd231ps zmm27,zmm29,[r10+rax+8]{1to16}
   368:  vmovups   zmm28,[rsi+180h]
   36f:  vmovups   zmm29,[rsi+1C0h]
   376:  vfmadd231ps zmm0,zmm28,[rdi+0Ch]{1to16}
   37d:  vfmadd231ps zmm1,zmm29,[rdi+0Ch]{1to16}
   384:  vfmadd231ps zmm2,zmm28,[rdi+r11+0Ch]{1to16}
   38c:  vfmadd231ps zmm3,zmm29,[rdi+r11+0Ch]{1to16}
   394:  vfmadd231ps zmm4,zmm28,[rdi+r11*2+0Ch]{1to16}
   39c:  vfmadd231ps zmm5,zmm29,[rdi+r11*2+0Ch]{1to16}
   3a4:  vfmadd231ps zmm6,zmm28,[rdi+rax+0Ch]{1to16}
   3ac:  vfmadd231ps zmm7,zmm29,[rdi+rax+0Ch]{1to16}
   3b4:  vfmadd231ps zmm8,zmm28,[rdi+r11*4+0Ch]{1to16}
   3bc:  vfmadd231ps zmm9,zmm29,[rdi+r11*4+0Ch]{1to16}
   3c4:  vfmadd231ps zmm10,zmm28,[r9+0Ch]{1to16}
   3cb:  vfmadd231ps zmm11,zmm29,[r9+0Ch]{1to16}
   3d2:  vfmadd231ps zmm12,zmm28,[r9+r11+0Ch]{1to16}
   3da:  vfmadd231ps zmm13,zmm29,[r9+r11+0Ch]{1to16}
   3e2:  vfmadd231ps zmm14,zmm28,[r9+r11*2+0Ch]{1to16}
   3ea:  vfmadd231ps zmm15,zmm29,[r9+r11*2+0Ch]{1to16}
   3f2:  vfmadd231ps zmm16,zmm28,[r9+rax+0Ch]{1to16}
   3fa:  vfmadd231ps zmm17,zmm29,[r9+rax+0Ch]{1to16}
   402:  vfmadd231ps zmm18,zmm28,[r9+r11*4+0Ch]{1to16}
   40a:  vfmadd231ps zmm19,zmm29,[r9+r11*4+0Ch]{1to16}
   412:  vfmadd231ps zmm20,zmm28,[r10+0Ch]{1to16}
   419:  vfmadd231ps zmm21,zmm29,[r10+0Ch]{1to16}
   420:  vfmadd231ps zmm22,zmm28,[r10+r11+0Ch]{1to16}
   428:  vfmadd231ps zmm23,zmm29,[r10+r11+0Ch]{1to16}
   430:  vfmadd231ps zmm24,zmm28,[r10+r11*2+0Ch]{1to16}
   438:  vfmadd231ps zmm25,zmm29,[r10+r11*2+0Ch]{1to16}
   440:  vfmadd231ps zmm26,zmm28,[r10+rax+0Ch]{1to16}
   448:  vfmadd231ps zmm27,zmm29,[r10+rax+0Ch]{1to16}
   450:  add       rsi,200h
   457:  add       rdi,10h
   45b:  add       r9,10h
   45f:  add       r10,10h
   463:  sub       ebx,1
   466:  jne       00000000000000CDh
   46c:  vmovups   [rdx],zmm0
   472:  vmovups   [rdx+40h],zmm1
   479:  vmovups   [rdx+28h],zmm2
   483:  vmovups   [rdx+68h],zmm3
   48d:  vmovups   [rdx+50h],zmm4
   497:  vmovups   [rdx+90h],zmm5
   4a1:  vmovups   [rdx+78h],zmm6
   4ab:  vmovups   [rdx+0B8h],zmm7
   4b5:  vmovups   [rdx+0A0h],zmm8
   4bf:  vmovups   [rdx+0E0h],zmm9
   4c9:  vmovups   [rdx+0C8h],zmm10
   4d3:  vmovups   [rdx+108h],zmm11
   4dd:  vmovups   [rdx+0F0h],zmm12
   4e7:  vmovups   [rdx+130h],zmm13
   4f1:  vmovups   [rdx+118h],zmm14
   4fb:  vmovups   [rdx+158h],zmm15
   505:  vmovups   [rdx+140h],zmm16
   50c:  vmovups   [rdx+180h],zmm17
   513:  vmovups   [rdx+168h],zmm18
   51d:  vmovups   [rdx+1A8h],zmm19
   527:  vmovups   [rdx+190h],zmm20
   531:  vmovups   [rdx+1D0h],zmm21
   53b:  vmovups   [rdx+1B8h],zmm22
   545:  vmovups   [rdx+1F8h],zmm23
   54f:  vmovups   [rdx+1E0h],zmm24
   559:  vmovups   [rdx+220h],zmm25
   563:  vmovups   [rdx+208h],zmm26
   56d:  vmovups   [rdx+248h],zmm27
   577:  vzeroupper
   57a:  pop       rbx
   57b:  ret