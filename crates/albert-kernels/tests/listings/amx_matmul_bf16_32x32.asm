; amx_matmul_bf16_32x32 kp=32 kc=16 lda=1056 ldc=3072 load_c=false (175 bytes + 64-byte tile config)
; tmm0=16x64B tmm1=16x64B tmm2=16x64B tmm3=16x64B tmm4=16x64B tmm5=16x64B tmm6=16x64B tmm7=16x64B
     0:  ldtilecfg [0AFh]
     9:  mov       r11,840h
    13:  mov       rax,80h
    1d:  mov       r10,3000h
    27:  lea       r8,[rdx+30000h]
    2e:  tilezero  tmm0
    33:  tilezero  tmm1
    38:  tilezero  tmm2
    3d:  tilezero  tmm3
    42:  lea       r9,[rdi+8400h]
    49:  mov       ecx,2
    4e:  tileloadd tmm4,[rdi+r11]
    54:  tileloadd tmm6,[rsi+rax]
    5a:  tileloadd tmm7,[rsi+rax+40h]
    61:  tdpbf16ps tmm0,tmm4,tmm6
    66:  tdpbf16ps tmm1,tmm4,tmm7
    6b:  tileloadd tmm5,[r9+r11]
    71:  tdpbf16ps tmm2,tmm5,tmm6
    76:  tdpbf16ps tmm3,tmm5,tmm7
    7b:  add       r9,40h
    7f:  add       rdi,40h
    83:  add       rsi,800h
    8a:  sub       ecx,1
    8d:  jne       short 000000000000004Eh
    8f:  tilestored [rdx+r10],tmm0
    95:  tilestored [rdx+r10+40h],tmm1
    9c:  tilestored [r8+r10],tmm2
    a2:  tilestored [r8+r10+40h],tmm3
    a9:  tilerelease
    ae:  ret
