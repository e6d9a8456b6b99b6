; amx_matmul_bf16_5x20 kp=3 kc=3 lda=64 ldc=20 load_c=true (129 bytes + 64-byte tile config)
; tmm0=5x64B tmm1=5x16B tmm2=0x0B tmm3=0x0B tmm4=5x12B tmm5=0x0B tmm6=3x64B tmm7=3x16B
     0:  push      rbx
     1:  ldtilecfg [81h]
     a:  mov       r10,80h
    14:  mov       r11,80h
    1e:  mov       rax,50h
    28:  tileloadd tmm0,[rdx+rax]
    2e:  tileloadd tmm1,[rdx+rax+40h]
    35:  lea       r8,[rdi]
    38:  lea       rcx,[rsi]
    3b:  mov       ebx,1
    40:  tileloadd tmm4,[r8+r10]
    46:  tileloadd tmm6,[rcx+r11]
    4c:  tileloadd tmm7,[rcx+r11+40h]
    53:  tdpbf16ps tmm0,tmm4,tmm6
    58:  tdpbf16ps tmm1,tmm4,tmm7
    5d:  add       r8,0Ch
    61:  add       rcx,180h
    68:  sub       ebx,1
    6b:  jne       short 0000000000000040h
    6d:  tilestored [rdx+rax],tmm0
    73:  tilestored [rdx+rax+40h],tmm1
    7a:  tilerelease
    7f:  pop       rbx
    80:  ret
