; amx_matmul_bf16_32x32 kp=32 kc=16 lda=1056 ldc=3072 load_c=false (183 bytes + 64-byte tile config)
; tmm0=16x64B tmm1=16x64B tmm2=16x64B tmm3=16x64B tmm4=16x64B tmm5=16x64B tmm6=16x64B tmm7=16x64B
     0:  push      rbx
     1:  ldtilecfg [0B7h]
     a:  mov       r10,840h
    14:  mov       r11,80h
    1e:  mov       rax,3000h
    28:  tilezero  tmm0
    2d:  tilezero  tmm1
    32:  tilezero  tmm2
    37:  tilezero  tmm3
    3c:  lea       r8,[rdi]
    3f:  lea       r9,[rdi+8400h]
    46:  lea       rcx,[rsi]
    49:  mov       ebx,2
    4e:  tileloadd tmm4,[r8+r10]
    54:  tileloadd tmm6,[rcx+r11]
    5a:  tileloadd tmm7,[rcx+r11+40h]
    61:  tdpbf16ps tmm0,tmm4,tmm6
    66:  tdpbf16ps tmm1,tmm4,tmm7
    6b:  tileloadd tmm5,[r9+r10]
    71:  tdpbf16ps tmm2,tmm5,tmm6
    76:  tdpbf16ps tmm3,tmm5,tmm7
    7b:  add       r9,40h
    7f:  add       r8,40h
    83:  add       rcx,800h
    8a:  sub       ebx,1
    8d:  jne       short 000000000000004Eh
    8f:  tilestored [rdx+rax],tmm0
    95:  tilestored [rdx+rax+40h],tmm1
    9c:  tilestored [rdx+rax+30000h],tmm2
    a6:  tilestored [rdx+rax+30040h],tmm3
    b0:  tilerelease
    b5:  pop       rbx
    b6:  ret
