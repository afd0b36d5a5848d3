<#import "template.ftl" as layout>
<#-- The code prompt. Written against the keycloak.v2 login theme's markup (PatternFly 5 classes through
     theme.properties), self-contained so that it also renders with other login themes. -->
<#assign codeError = messagesPerField.existsError('otp')>
<@layout.registrationLayout displayMessage=!codeError; section>
<!-- template: totp-guard-login.ftl -->
    <#if section = "header">
        <#if totpGuardConfirm??>${msg("totpGuardConfirmTitle")}<#else>${msg("totpGuardLoginTitle")}</#if>
    <#elseif section = "form">
        <#if totpGuardConfirm??>
            <p id="totp-guard-confirm-intro" class="${properties.kcFormGroupClass!}"><#if totpGuardConfirm == "remove_device">${msg("totpGuardConfirmIntroRemove")}<#elseif totpGuardConfirm == "new_recovery_codes">${msg("totpGuardConfirmIntroRecoveryCodes")}<#elseif totpGuardConfirm == "sign_in">${msg("totpGuardConfirmIntroSignIn")}<#else>${msg("totpGuardConfirmIntroDevice")}</#if></p>
        </#if>
        <form id="kc-totp-guard-login-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#if totpGuard.devices?size gt 1>
                <fieldset class="${properties.kcFormGroupClass!}" id="totp-guard-devices">
                    <legend class="${properties.kcFormGroupLabelClass!}">
                        <span class="${properties.kcFormLabelClass!}"><span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardChooseDevice")}</span></span>
                    </legend>
                    <#list totpGuard.devices as device>
                        <div class="pf-v5-c-radio">
                            <input class="pf-v5-c-radio__input" type="radio" name="selectedCredentialId"
                                   id="totp-guard-device-${device?index}" value="${device.id}"
                                   <#if device.id == totpGuard.selectedCredentialId>checked</#if>/>
                            <label class="pf-v5-c-radio__label" for="totp-guard-device-${device?index}">${device.label!msg("totpGuardUnnamedDevice")}</label>
                        </div>
                    </#list>
                </fieldset>
            <#else>
                <input type="hidden" id="selectedCredentialId" name="selectedCredentialId" value="${totpGuard.selectedCredentialId}"/>
            </#if>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="otp" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardCodeLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!}<#if codeError> ${properties.kcError!}</#if>">
                    <input id="otp" name="otp" type="text" autocomplete="one-time-code" inputmode="numeric"
                           pattern="[0-9]*" maxlength="${totpGuard.digits}" autofocus
                           aria-invalid="${codeError?c}"
                           aria-describedby="totp-guard-code-hint<#if codeError> input-error-otp</#if>"/>
                    <#if codeError>
                        <span class="${properties.kcFormControlUtilClass!}"><span class="${properties.kcInputErrorIconStatusClass!}"><i class="${properties.kcInputErrorIconClass!}" aria-hidden="true"></i></span></span>
                    </#if>
                </span>
                <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                    <div class="${properties.kcInputHelperTextClass!}">
                        <div class="${properties.kcInputHelperTextItemClass!}">
                            <span id="totp-guard-code-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg("totpGuardCodeHint", totpGuard.digits)}</span>
                        </div>
                    </div>
                    <#if codeError>
                        <div class="${properties.kcInputHelperTextClass!}" role="alert">
                            <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('otp'))?no_esc}</span>
                            </div>
                        </div>
                    </#if>
                </div>
            </div>

            <#if (totpGuardRememberDays!0) gt 0>
                <div class="${properties.kcFormGroupClass!}">
                    <div class="pf-v5-c-check">
                        <input class="pf-v5-c-check__input" type="checkbox" id="rememberBrowser" name="rememberBrowser" value="on"/>
                        <label class="pf-v5-c-check__label" for="rememberBrowser">${msg("totpGuardRememberBrowser", totpGuardRememberDays)}</label>
                    </div>
                </div>
            </#if>

            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                            name="login" id="kc-login" type="submit"><#if totpGuardConfirm??>${msg("totpGuardConfirmButton")}<#else>${msg("doLogIn")}</#if></button>
                    <#if totpGuardConfirm?? && (isAppInitiatedAction!false)>
                        <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                                type="submit" name="cancel-aia" value="true" id="cancelTOTPBtn">${msg("doCancel")}</button>
                    </#if>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
