; test compile
; albert-tiny's forward program and GEMM kernels for aarch64 (NEON), generated on any host.
; model: tiny
; target: aarch64-neon
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
; program (aarch64-neon)
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  str x26, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p26i }
  stp x23, x24, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p23i }
  unwind SaveReg { clobber_offset: 40, reg: p24i }
  stp x21, x22, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p21i }
  unwind SaveReg { clobber_offset: 24, reg: p22i }
  stp x19, x20, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p19i }
  unwind SaveReg { clobber_offset: 8, reg: p20i }
block0:
  mov x23, x0
  ldr x1, [x0]
  ldr x0, [x0, #24]
  movz x4, #0
  b label1
block1:
  ldr x2, [x0, x4, LSL #3]
  scvtf s0, x2
  str s0, [x1, x4, LSL #2]
  add x4, x4, #1
  subs xzr, x4, #8
  b.lo label2 ; b label3
block2:
  b label1
block3:
  movz x14, #0
  b label4
block4:
  ldr q0, [x1, x14, LSL #4]
  add x0, x1, #64
  str q0, [x0, x14, LSL #4]
  add x14, x14, #1
  subs xzr, x14, #2
  b.lo label5 ; b label6
block5:
  b label4
block6:
  fmov s0, #1
  str s0, [x1, #128]
  movz x0, #0
  b label7
block7:
  add x2, x1, #64
  ldr s0, [x2, x0, LSL #2]
  fmov s1, #1
  fsub s0, s1, s0
  str s0, [x1, x0, LSL #2]
  add x0, x0, #1
  subs xzr, x0, #8
  b.lo label8 ; b label9
block8:
  b label7
block9:
  movn w0, #128, LSL #16
  fmov s0, w0
  str s0, [x1, #64]
  movz x0, #0
  movz x20, #10496
  b label10
block10:
  ldr s0, [x1, x0, LSL #2]
  movn w2, #128, LSL #16
  fmov s1, w2
  fmul s0, s0, s1
  add x2, x1, x20
  str s0, [x2, x0, LSL #2]
  add x0, x0, #1
  subs xzr, x0, #8
  b.lo label11 ; b label12
block11:
  b label10
block12:
  mov x0, x23
  ldr x0, [x0, #40]
  ldr x0, [x0]
  mov x2, x23
  ldr x5, [x2, #48]
  ldr x3, [x2, #8]
  ldr x4, [x2, #16]
  movz x21, #7424
  add x2, x1, x21
  mov x24, x1
  mov x1, x23
  blr x5
  cbnz w0, label13 ; b label14
block13:
  b label58
block14:
  movz x2, #0
  movz x19, #8448
  mov x1, x24
  b label15
block15:
  add x0, x1, x21
  ldr q0, [x0, x2, LSL #4]
  add x0, x1, x19
  str q0, [x0, x2, LSL #4]
  add x2, x2, #1
  subs xzr, x2, #64
  b.lo label16 ; b label17
block16:
  b label15
block17:
  movz x14, #0
  movz x22, #10560
  b label18
block18:
  add x5, x1, x20
  ldr q5, [x5, x14, LSL #4]
  add x5, x1, x22
  str q5, [x5, x14, LSL #4]
  add x14, x14, #1
  subs xzr, x14, #2
  b.lo label19 ; b label20
block19:
  b label18
block20:
  movz x26, #0
  movz x20, #9472
  mov x21, x23
  b label21
block21:
  ldr x10, [x21, #40]
  ldr x0, [x10, #8]
  ldr x10, [x21, #48]
  add x2, x1, x20
  add x3, x1, x19
  add x4, x1, x22
  mov x24, x1
  mov x1, x21
  blr x10
  cbnz w0, label22 ; b label23
block22:
  b label58
block23:
  ldr x12, [x21, #40]
  ldr x0, [x12, #16]
  ldr x12, [x21, #48]
  mov x3, x24
  add x2, x3, #3072
  add x3, x3, x20
  movz x4, #0
  mov x1, x21
  blr x12
  cbnz w0, label24 ; b label25
block24:
  b label58
block25:
  movz x0, #0
  mov x3, x24
  b label26
block26:
  mov x3, x24
  add x15, x3, #3072
  ldr q16, [x15, x0, LSL #4]
  add x15, x3, x19
  str q16, [x15, x0, LSL #4]
  add x0, x0, #1
  subs xzr, x0, #64
  b.lo label27 ; b label28
block27:
  mov x3, x24
  b label26
block28:
  add x26, x26, #1
  subs xzr, x26, #4
  b.lo label29 ; b label30
block29:
  mov x1, x24
  b label21
block30:
  movz x0, #0
  movz w22, #19456
  movk w22, w22, #29, LSL #16
  mov x3, x24
  b label31
block31:
  mov x3, x24
  add x1, x3, x19
  ldr q23, [x1, x0, LSL #4]
  add x1, x3, x22
  str q23, [x1, x0, LSL #4]
  add x0, x0, #1
  subs xzr, x0, #64
  b.lo label32 ; b label33
block32:
  mov x3, x24
  b label31
block33:
  ldr x0, [x21, #40]
  ldr x0, [x0, #24]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, x22
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label34 ; b label35
block34:
  b label58
block35:
  ldr x0, [x21, #40]
  ldr x0, [x0, #32]
  ldr x5, [x21, #48]
  mov x3, x24
  add x2, x3, #128
  movz x4, #0
  mov x1, x21
  blr x5
  cbnz w0, label36 ; b label37
block36:
  b label58
block37:
  ldr x0, [x21, #40]
  ldr x0, [x0, #40]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, #128
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label38 ; b label39
block38:
  b label58
block39:
  ldr x0, [x21, #40]
  ldr x0, [x0, #48]
  ldr x5, [x21, #48]
  mov x3, x24
  add x2, x3, #1921024
  movz x4, #0
  mov x1, x21
  blr x5
  cbnz w0, label40 ; b label41
block40:
  b label58
block41:
  ldr x0, [x21, #40]
  ldr x0, [x0, #56]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, #1921024
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label42 ; b label43
block42:
  b label58
block43:
  ldr x0, [x21, #40]
  ldr x0, [x0, #64]
  ldr x5, [x21, #48]
  movz w1, #20608
  movk w1, w1, #29, LSL #16
  mov x3, x24
  add x2, x3, x1
  movz x4, #0
  mov x1, x21
  blr x5
  cbnz w0, label44 ; b label45
block44:
  b label58
block45:
  ldr x0, [x21, #40]
  ldr x0, [x0, #72]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, x22
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label46 ; b label47
block46:
  b label58
block47:
  ldr x0, [x21, #40]
  ldr x0, [x0, #80]
  ldr x5, [x21, #48]
  mov x3, x24
  add x2, x3, #512
  movz x4, #0
  mov x1, x21
  blr x5
  cbnz w0, label48 ; b label49
block48:
  b label58
block49:
  ldr x0, [x21, #40]
  ldr x0, [x0, #88]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, #512
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label50 ; b label51
block50:
  b label58
block51:
  ldr x0, [x21, #40]
  ldr x0, [x0, #96]
  ldr x5, [x21, #48]
  movz w19, #42496
  movk w19, w19, #14, LSL #16
  mov x3, x24
  add x2, x3, x19
  movz x4, #0
  mov x1, x21
  blr x5
  cbnz w0, label52 ; b label53
block52:
  b label58
block53:
  ldr x0, [x21, #40]
  ldr x0, [x0, #104]
  ldr x5, [x21, #48]
  mov x3, x24
  add x3, x3, x19
  movz x4, #0
  mov x1, x21
  mov x2, x24
  blr x5
  cbnz w0, label54 ; b label55
block54:
  b label58
block55:
  ldr x0, [x21, #40]
  ldr x0, [x0, #112]
  ldr x5, [x21, #48]
  mov x3, x24
  mov x23, x21
  add x2, x3, x19
  movz x4, #0
  mov x1, x23
  blr x5
  cbnz w0, label56 ; b label57
block56:
  b label58
block57:
  movz w0, #0
  ldp x19, x20, [sp], #16
  ldp x21, x22, [sp], #16
  ldp x23, x24, [sp], #16
  ldr x26, [sp], #16
  ldp fp, lr, [sp], #16
  ret
block58:
  ldp x19, x20, [sp], #16
  ldp x21, x22, [sp], #16
  ldp x23, x24, [sp], #16
  ldr x26, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 0 `embeddings` embedding_hidden_mapping_in: m=8 n=32 k=16 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #64]
  ldr s15, [x0, #128]
  ldr s14, [x0, #192]
  ldr s13, [x0, #256]
  ldr s12, [x0, #320]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #16
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #128]
  str q26, [x2, #144]
  str q25, [x2, #160]
  str q24, [x2, #176]
  str q23, [x2, #256]
  str q22, [x2, #272]
  str q21, [x2, #288]
  str q20, [x2, #304]
  str q19, [x2, #384]
  str q18, [x2, #400]
  str q17, [x2, #416]
  str q16, [x2, #432]
  str q7, [x2, #512]
  str q6, [x2, #528]
  str q5, [x2, #544]
  str q4, [x2, #560]
  str q3, [x2, #640]
  str q2, [x2, #656]
  str q1, [x2, #672]
  str q0, [x2, #688]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 1 `attention` qkv: m=8 n=96 k=32 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #128]
  ldr s15, [x0, #256]
  ldr s14, [x0, #384]
  ldr s13, [x0, #512]
  ldr s12, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #384]
  str q26, [x2, #400]
  str q25, [x2, #416]
  str q24, [x2, #432]
  str q23, [x2, #768]
  str q22, [x2, #784]
  str q21, [x2, #800]
  str q20, [x2, #816]
  str q19, [x2, #1152]
  str q18, [x2, #1168]
  str q17, [x2, #1184]
  str q16, [x2, #1200]
  str q7, [x2, #1536]
  str q6, [x2, #1552]
  str q5, [x2, #1568]
  str q4, [x2, #1584]
  str q3, [x2, #1920]
  str q2, [x2, #1936]
  str q1, [x2, #1952]
  str q0, [x2, #1968]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 1 `attention` attention.dense: m=8 n=32 k=32 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #128]
  ldr s15, [x0, #256]
  ldr s14, [x0, #384]
  ldr s13, [x0, #512]
  ldr s12, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #128]
  str q26, [x2, #144]
  str q25, [x2, #160]
  str q24, [x2, #176]
  str q23, [x2, #256]
  str q22, [x2, #272]
  str q21, [x2, #288]
  str q20, [x2, #304]
  str q19, [x2, #384]
  str q18, [x2, #400]
  str q17, [x2, #416]
  str q16, [x2, #432]
  str q7, [x2, #512]
  str q6, [x2, #528]
  str q5, [x2, #544]
  str q4, [x2, #560]
  str q3, [x2, #640]
  str q2, [x2, #656]
  str q1, [x2, #672]
  str q0, [x2, #688]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 2 `feed_forward` ffn: m=8 n=64 k=32 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #128]
  ldr s15, [x0, #256]
  ldr s14, [x0, #384]
  ldr s13, [x0, #512]
  ldr s12, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #256]
  str q26, [x2, #272]
  str q25, [x2, #288]
  str q24, [x2, #304]
  str q23, [x2, #512]
  str q22, [x2, #528]
  str q21, [x2, #544]
  str q20, [x2, #560]
  str q19, [x2, #768]
  str q18, [x2, #784]
  str q17, [x2, #800]
  str q16, [x2, #816]
  str q7, [x2, #1024]
  str q6, [x2, #1040]
  str q5, [x2, #1056]
  str q4, [x2, #1072]
  str q3, [x2, #1280]
  str q2, [x2, #1296]
  str q1, [x2, #1312]
  str q0, [x2, #1328]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 2 `feed_forward` ffn_output: m=8 n=32 k=64 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #256]
  ldr s15, [x0, #512]
  ldr s14, [x0, #768]
  ldr s13, [x0, #1024]
  ldr s12, [x0, #1280]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #64
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #128]
  str q26, [x2, #144]
  str q25, [x2, #160]
  str q24, [x2, #176]
  str q23, [x2, #256]
  str q22, [x2, #272]
  str q21, [x2, #288]
  str q20, [x2, #304]
  str q19, [x2, #384]
  str q18, [x2, #400]
  str q17, [x2, #416]
  str q16, [x2, #432]
  str q7, [x2, #512]
  str q6, [x2, #528]
  str q5, [x2, #544]
  str q4, [x2, #560]
  str q3, [x2, #640]
  str q2, [x2, #656]
  str q1, [x2, #672]
  str q0, [x2, #688]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 4 `matmul` matmul: m=8 n=32 k=32 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #128]
  ldr s15, [x0, #256]
  ldr s14, [x0, #384]
  ldr s13, [x0, #512]
  ldr s12, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #128]
  str q26, [x2, #144]
  str q25, [x2, #160]
  str q24, [x2, #176]
  str q23, [x2, #256]
  str q22, [x2, #272]
  str q21, [x2, #288]
  str q20, [x2, #304]
  str q19, [x2, #384]
  str q18, [x2, #400]
  str q17, [x2, #416]
  str q16, [x2, #432]
  str q7, [x2, #512]
  str q6, [x2, #528]
  str q5, [x2, #544]
  str q4, [x2, #560]
  str q3, [x2, #640]
  str q2, [x2, #656]
  str q1, [x2, #672]
  str q0, [x2, #688]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 7 `matmul` matmul: m=8 n=2 k=32 target=aarch64-neon
block0:
  movz x4, #0
  movi v27.16b, #0
  mov v22.16b, v27.16b
  mov v23.16b, v27.16b
  mov v24.16b, v27.16b
  mov v25.16b, v27.16b
  mov v26.16b, v27.16b
  b label1
block1:
  ldr q0, [x1]
  ldr s1, [x0]
  ldr s2, [x0, #128]
  ldr s3, [x0, #256]
  ldr s4, [x0, #384]
  ldr s5, [x0, #512]
  ldr s6, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v27.4s, v27.4s, v0.4s, v1.s[0]
  fmla v26.4s, v26.4s, v0.4s, v2.s[0]
  fmla v25.4s, v25.4s, v0.4s, v3.s[0]
  fmla v24.4s, v24.4s, v0.4s, v4.s[0]
  fmla v23.4s, v23.4s, v0.4s, v5.s[0]
  fmla v22.4s, v22.4s, v0.4s, v6.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  b label1
block3:
  str s27, [x2]
  mov s0, v27.s[1]
  str s0, [x2, #4]
  str s26, [x2, #8]
  mov s0, v26.s[1]
  str s0, [x2, #12]
  str s25, [x2, #16]
  mov s0, v25.s[1]
  str s0, [x2, #20]
  str s24, [x2, #24]
  mov s0, v24.s[1]
  str s0, [x2, #28]
  str s23, [x2, #32]
  mov s0, v23.s[1]
  str s0, [x2, #36]
  str s22, [x2, #40]
  mov s0, v22.s[1]
  str s0, [x2, #44]
  ret
; call 9 `matmul` matmul: m=8 n=16 k=32 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v29.16b, #0
  mov v2.16b, v29.16b
  mov v3.16b, v29.16b
  mov v4.16b, v29.16b
  mov v5.16b, v29.16b
  mov v6.16b, v29.16b
  mov v7.16b, v29.16b
  mov v16.16b, v29.16b
  mov v17.16b, v29.16b
  mov v18.16b, v29.16b
  mov v19.16b, v29.16b
  mov v20.16b, v29.16b
  mov v21.16b, v29.16b
  mov v22.16b, v29.16b
  mov v23.16b, v29.16b
  mov v24.16b, v29.16b
  mov v25.16b, v29.16b
  mov v26.16b, v29.16b
  mov v27.16b, v29.16b
  mov v28.16b, v29.16b
  mov v30.16b, v29.16b
  mov v31.16b, v29.16b
  str q29, [sp]
  str q29, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s1, [x0]
  ldr s0, [x0, #128]
  ldr s15, [x0, #256]
  ldr s14, [x0, #384]
  ldr s13, [x0, #512]
  ldr s12, [x0, #640]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v29.4s, v29.4s, v8.4s, v1.s[0]
  fmla v31.4s, v31.4s, v9.4s, v1.s[0]
  fmla v30.4s, v30.4s, v10.4s, v1.s[0]
  fmla v28.4s, v28.4s, v11.4s, v1.s[0]
  fmla v27.4s, v27.4s, v8.4s, v0.s[0]
  fmla v26.4s, v26.4s, v9.4s, v0.s[0]
  fmla v25.4s, v25.4s, v10.4s, v0.s[0]
  fmla v24.4s, v24.4s, v11.4s, v0.s[0]
  fmla v23.4s, v23.4s, v8.4s, v15.s[0]
  fmla v22.4s, v22.4s, v9.4s, v15.s[0]
  fmla v21.4s, v21.4s, v10.4s, v15.s[0]
  fmla v20.4s, v20.4s, v11.4s, v15.s[0]
  fmla v19.4s, v19.4s, v8.4s, v14.s[0]
  fmla v18.4s, v18.4s, v9.4s, v14.s[0]
  fmla v17.4s, v17.4s, v10.4s, v14.s[0]
  fmla v16.4s, v16.4s, v11.4s, v14.s[0]
  fmla v7.4s, v7.4s, v8.4s, v13.s[0]
  fmla v6.4s, v6.4s, v9.4s, v13.s[0]
  fmla v5.4s, v5.4s, v10.4s, v13.s[0]
  fmla v4.4s, v4.4s, v11.4s, v13.s[0]
  fmla v3.4s, v3.4s, v8.4s, v12.s[0]
  fmla v2.4s, v2.4s, v9.4s, v12.s[0]
  ldr q1, [sp, #16]
  fmla v1.4s, v1.4s, v10.4s, v12.s[0]
  ldr q0, [sp]
  fmla v0.4s, v0.4s, v11.4s, v12.s[0]
  subs xzr, x4, #32
  b.lo label2 ; b label3
block2:
  str q0, [sp]
  str q1, [sp, #16]
  b label1
block3:
  str q29, [x2]
  str q31, [x2, #16]
  str q30, [x2, #32]
  str q28, [x2, #48]
  str q27, [x2, #64]
  str q26, [x2, #80]
  str q25, [x2, #96]
  str q24, [x2, #112]
  str q23, [x2, #128]
  str q22, [x2, #144]
  str q21, [x2, #160]
  str q20, [x2, #176]
  str q19, [x2, #192]
  str q18, [x2, #208]
  str q17, [x2, #224]
  str q16, [x2, #240]
  str q7, [x2, #256]
  str q6, [x2, #272]
  str q5, [x2, #288]
  str q4, [x2, #304]
  str q3, [x2, #320]
  str q2, [x2, #336]
  str q1, [x2, #352]
  str q0, [x2, #368]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret
; call 13 `matmul` matmul: m=8 n=30000 k=16 target=aarch64-neon
  stp fp, lr, [sp, #-16]!
  unwind PushFrameRegs { offset_upward_to_caller_sp: 16 }
  mov fp, sp
  unwind DefineNewFrame { offset_upward_to_caller_sp: 16, offset_downward_to_clobbers: 64 }
  stp d14, d15, [sp, #-16]!
  unwind SaveReg { clobber_offset: 48, reg: p14f }
  unwind SaveReg { clobber_offset: 56, reg: p15f }
  stp d12, d13, [sp, #-16]!
  unwind SaveReg { clobber_offset: 32, reg: p12f }
  unwind SaveReg { clobber_offset: 40, reg: p13f }
  stp d10, d11, [sp, #-16]!
  unwind SaveReg { clobber_offset: 16, reg: p10f }
  unwind SaveReg { clobber_offset: 24, reg: p11f }
  stp d8, d9, [sp, #-16]!
  unwind SaveReg { clobber_offset: 0, reg: p8f }
  unwind SaveReg { clobber_offset: 8, reg: p9f }
  sub sp, sp, #32
  unwind StackAlloc { size: 32 }
block0:
  movz x4, #0
  movi v5.16b, #0
  mov v0.16b, v5.16b
  mov v1.16b, v5.16b
  mov v2.16b, v5.16b
  mov v3.16b, v5.16b
  mov v4.16b, v5.16b
  mov v6.16b, v5.16b
  mov v7.16b, v5.16b
  mov v18.16b, v5.16b
  mov v19.16b, v5.16b
  mov v20.16b, v5.16b
  mov v21.16b, v5.16b
  mov v22.16b, v5.16b
  mov v23.16b, v5.16b
  mov v24.16b, v5.16b
  mov v25.16b, v5.16b
  mov v26.16b, v5.16b
  mov v27.16b, v5.16b
  mov v28.16b, v5.16b
  mov v29.16b, v5.16b
  mov v30.16b, v5.16b
  mov v31.16b, v5.16b
  str q5, [sp]
  str q5, [sp, #16]
  b label1
block1:
  ldr q8, [x1]
  ldr q9, [x1, #16]
  ldr q10, [x1, #32]
  ldr q11, [x1, #48]
  ldr s17, [x0]
  ldr s16, [x0, #64]
  ldr s15, [x0, #128]
  ldr s14, [x0, #192]
  ldr s13, [x0, #256]
  ldr s12, [x0, #320]
  add x4, x4, #1
  add x0, x0, #4
  add x1, x1, #128
  fmla v5.4s, v5.4s, v8.4s, v17.s[0]
  fmla v7.4s, v7.4s, v9.4s, v17.s[0]
  fmla v6.4s, v6.4s, v10.4s, v17.s[0]
  fmla v4.4s, v4.4s, v11.4s, v17.s[0]
  fmla v3.4s, v3.4s, v8.4s, v16.s[0]
  fmla v2.4s, v2.4s, v9.4s, v16.s[0]
  fmla v1.4s, v1.4s, v10.4s, v16.s[0]
  fmla v0.4s, v0.4s, v11.4s, v16.s[0]
  fmla v31.4s, v31.4s, v8.4s, v15.s[0]
  fmla v30.4s, v30.4s, v9.4s, v15.s[0]
  fmla v29.4s, v29.4s, v10.4s, v15.s[0]
  fmla v28.4s, v28.4s, v11.4s, v15.s[0]
  fmla v27.4s, v27.4s, v8.4s, v14.s[0]
  fmla v26.4s, v26.4s, v9.4s, v14.s[0]
  fmla v25.4s, v25.4s, v10.4s, v14.s[0]
  fmla v24.4s, v24.4s, v11.4s, v14.s[0]
  fmla v23.4s, v23.4s, v8.4s, v13.s[0]
  fmla v22.4s, v22.4s, v9.4s, v13.s[0]
  fmla v21.4s, v21.4s, v10.4s, v13.s[0]
  fmla v20.4s, v20.4s, v11.4s, v13.s[0]
  fmla v19.4s, v19.4s, v8.4s, v12.s[0]
  fmla v18.4s, v18.4s, v9.4s, v12.s[0]
  ldr q17, [sp, #16]
  fmla v17.4s, v17.4s, v10.4s, v12.s[0]
  ldr q16, [sp]
  fmla v16.4s, v16.4s, v11.4s, v12.s[0]
  subs xzr, x4, #16
  b.lo label2 ; b label3
block2:
  str q16, [sp]
  str q17, [sp, #16]
  b label1
block3:
  str q5, [x2]
  str q7, [x2, #16]
  str q6, [x2, #32]
  str q4, [x2, #48]
  movz w0, #54464
  movk w0, w0, #1, LSL #16
  str q3, [x2, x0]
  movz w0, #54480
  movk w0, w0, #1, LSL #16
  str q2, [x2, x0]
  movz w0, #54496
  movk w0, w0, #1, LSL #16
  str q1, [x2, x0]
  movz w0, #54512
  movk w0, w0, #1, LSL #16
  str q0, [x2, x0]
  movz w0, #43392
  movk w0, w0, #3, LSL #16
  str q31, [x2, x0]
  movz w0, #43408
  movk w0, w0, #3, LSL #16
  str q30, [x2, x0]
  movz w0, #43424
  movk w0, w0, #3, LSL #16
  str q29, [x2, x0]
  movz w0, #43440
  movk w0, w0, #3, LSL #16
  str q28, [x2, x0]
  movz w0, #32320
  movk w0, w0, #5, LSL #16
  str q27, [x2, x0]
  movz w0, #32336
  movk w0, w0, #5, LSL #16
  str q26, [x2, x0]
  movz w1, #32352
  movk w1, w1, #5, LSL #16
  str q25, [x2, x1]
  movz w3, #32368
  movk w3, w3, #5, LSL #16
  str q24, [x2, x3]
  movz w3, #21248
  movk w3, w3, #7, LSL #16
  str q23, [x2, x3]
  movz w4, #21264
  movk w4, w4, #7, LSL #16
  str q22, [x2, x4]
  movz w5, #21280
  movk w5, w5, #7, LSL #16
  str q21, [x2, x5]
  movz w6, #21296
  movk w6, w6, #7, LSL #16
  str q20, [x2, x6]
  movz w7, #10176
  movk w7, w7, #9, LSL #16
  str q19, [x2, x7]
  movz w8, #10192
  movk w8, w8, #9, LSL #16
  str q18, [x2, x8]
  movz w9, #10208
  movk w9, w9, #9, LSL #16
  str q17, [x2, x9]
  movz w10, #10224
  movk w10, w10, #9, LSL #16
  str q16, [x2, x10]
  add sp, sp, #32
  ldp d8, d9, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d14, d15, [sp], #16
  ldp fp, lr, [sp], #16
  ret