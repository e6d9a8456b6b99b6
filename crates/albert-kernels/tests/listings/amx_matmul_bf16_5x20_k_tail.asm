; amx_matmul_bf16_5x20 kp=3 kc=3 lda=64 ldc=20 load_c=true (128 bytes + 64-byte tile config)
; tmm0=5x64B tmm1=5x16B tmm2=0x0B tmm3=0x0B tmm4=5x12B tmm5=0x0B tmm6=3x64B tmm7=3x16B
     0:  ldtilecfg [80h]
     9:  mov       r11,80h
    13:  mov       rax,80h
    1d:  mov       r10,50h
    27:  lea       r8,[rdx+500h]
    2e:  tileloadd tmm0,[rdx+r10]
    34:  tileloadd tmm1,[rdx+r10+40h]
    3b:  mov       ecx,1
    40:  tileloadd tmm4,[rdi+r11]
    46:  tileloadd tmm6,[rsi+rax]
    4c:  tileloadd tmm7,[rsi+rax+40h]
    53:  tdpbf16ps tmm0,tmm4,tmm6
    58:  tdpbf16ps tmm1,tmm4,tmm7
    5d:  add       rdi,0Ch
    61:  add       rsi,180h
    68:  sub       ecx,1
    6b:  jne       short 0000000000000040h
    6d:  tilestored [rdx+r10],tmm0
    73:  tilestored [rdx+r10+40h],tmm1
    7a:  tilerelease
    7f:  ret
